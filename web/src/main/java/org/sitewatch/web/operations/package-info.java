/**
 * Operator networks in the workbench: {@code OperationsFeature} lists the operations the sink
 * computed ({@code sink.operations.Operations}), shows one with a graph of its leads and linking
 * identifiers ({@code OperationGraph}, laid out here and drawn as inline SVG by the template), and
 * lets admins edit the ignore list. What an analyst sees of an operation is cut to her bureaus'
 * leads in {@code OperationsFeature.visible}: change the bureau rule there, never in a template.
 */
package org.sitewatch.web.operations;
