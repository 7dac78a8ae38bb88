/**
 * The browser side of the local kintone's pages (bundled by the server as /k/static/kintone.js).
 * Loading it defines `window.kintone` and draws nothing; the shell's last script calls
 * `kintone.__sandboxStart()` once the plugins' and the app's files have registered their
 * handlers. The DOM is written by hand: the project has no UI framework (React is not a
 * dependency), and these pages need none.
 */
import { createContext } from "./context.ts";
import { detach } from "./dom.ts";
import { createEventBus } from "./events.ts";
import { createKintone } from "./kintone.ts";
import type { KintoneApi } from "./kintone.ts";
import { start } from "./pages/start.ts";
import type { Env } from "./pages/env.ts";
import { createRest } from "./rest.ts";
import type { SandboxPage } from "./types.ts";

interface SandboxWindow {
  __SANDBOX_PAGE__?: SandboxPage;
  kintone?: KintoneApi;
}

/** Goes to a page; the same URL again (desktop detail after an action) reloads it. */
const navigateTo = (url: string): void => {
  if (new URL(url, window.location.href).href === window.location.href) {
    window.location.reload();
    return;
  }
  window.location.assign(url);
};

/** Builds `window.kintone` for a page; exported for tests. */
export const install = (
  page: SandboxPage,
  overrides: Partial<Pick<Env, "navigate" | "confirm">> = {},
): { kintone: KintoneApi; env: Env } => {
  const ctx = createContext(page);
  const bus = createEventBus();
  const kintone = createKintone(ctx, bus);
  const env: Env = {
    ctx,
    bus,
    rest: createRest(page.requestToken),
    navigate: overrides.navigate ?? navigateTo,
    confirm: overrides.confirm ?? ((message) => window.confirm(message)),
  };
  let started = false;
  kintone.__sandboxStart = async () => {
    if (!started && !page.mobile && page.page === "show") {
      // Desktop detail ↔ edit change only the hash: draw again, as kintone does.
      window.addEventListener("hashchange", () => detach(start(env)));
    }
    started = true;
    await start(env);
  };
  return { kintone, env };
};

const w = window as unknown as SandboxWindow;
if (w.__SANDBOX_PAGE__ !== undefined) {
  w.kintone = install(w.__SANDBOX_PAGE__).kintone;
}
