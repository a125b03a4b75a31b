/**
 * {@code sitewatch user ...}: the workbench's accounts from the command line (add, list, disable,
 * reset a password, issue an API token), on the lead database named by {@code --jdbc-url}, {@code
 * --config} or {@code --data-dir}. Everything goes through the web module's {@code Accounts}, so
 * the rules (name, region codes, password length, Argon2id, token digests, the account log) are the
 * workbench's own; the actor recorded is {@code cli:<OS user>}.
 */
package org.sitewatch.infra.cli.user;
