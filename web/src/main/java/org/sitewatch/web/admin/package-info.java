/**
 * The admins' pages: {@code /admin/accounts} lists, adds, disables and resets workbench accounts
 * and issues API tokens, through {@code account.Accounts} (which records every change in {@code
 * workbench_account_log} under the signed-in admin). Only roles with {@code
 * Permission.MANAGE_ACCOUNTS} reach it; a generated secret is shown once, on the answer to the post
 * that made it.
 */
package org.sitewatch.web.admin;
