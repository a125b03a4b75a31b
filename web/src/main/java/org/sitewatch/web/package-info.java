/** The analysts' workbench: a web application over the lead store. */
package org.sitewatch.web;
