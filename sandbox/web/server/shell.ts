/**
 * The HTML shell of every page (sandbox/web/README.md, "The contract between server and
 * client"): the pages' CSS then the app's and plugins' CSS, `window.__SANDBOX_PAGE__`, the
 * client bundle, each plugin's scripts after `kintone.$PLUGIN_ID`, the app's customization
 * scripts, and `kintone.__sandboxStart()` last, when every handler is registered.
 */
import type { PageAssets } from "./assets.ts";
import { escapeHtml, scriptJson } from "./html.ts";
import type { PageKind } from "./pageUrls.ts";

import type { SandboxPage } from "../client/types.ts";

// The page's description is the client's type (one definition for both sides of the contract).
export type { LoginUser, SandboxPage } from "../client/types.ts";

const script = (src: string): string =>
  `<script src="${escapeHtml(src)}"></script>`;

export const renderShell = (
  title: string,
  page: SandboxPage,
  assets: PageAssets,
): string => {
  const css = ["/k/static/sandbox.css", ...assets.css].map(
    (href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`,
  );
  const config =
    assets.configHtml === undefined
      ? []
      : [`<div id="sandbox-plugin-config">${assets.configHtml}</div>`];
  const plugins = assets.plugins.flatMap((p) => [
    `<script>kintone.$PLUGIN_ID = ${scriptJson(p.id)};</script>`,
    ...p.js.map(script),
  ]);
  return [
    "<!doctype html>",
    '<html lang="ja">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    ...css,
    "</head>",
    "<body>",
    ...config,
    `<script>window.__SANDBOX_PAGE__ = ${scriptJson(page)};</script>`,
    script("/k/static/kintone.js"),
    ...plugins,
    ...assets.js.map(script),
    "<script>kintone.__sandboxStart()</script>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
};
