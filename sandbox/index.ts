/**
 * The local kintone: start it in-process (tests, the demo) or from the command line
 * (`npm run sandbox`). See sandbox/README.md for what it implements and what it does not.
 */
import { join } from "node:path";
import type { Server } from "node:http";
import type { Route, SandboxUser } from "./core/context.ts";
import { createKintoneServer, listen } from "./core/http.ts";
import { Store } from "./core/store.ts";
import { appRoutes } from "./apps/app.ts";
import { tokenRoutes, mintToken } from "./apps/tokens.ts";
import { fileRoutes } from "./files/files.ts";
import { routes as extraRoutes } from "./routes.ts";
import { addSpace, type NewSpace } from "./spaces/model.ts";
import { createWebLayer } from "./web/server/web.ts";

export interface SandboxOptions {
  /** Port to listen on; 0 picks a free one. Default 8090. */
  port?: number;
  /** Folder for the SQLite file, or null for memory only. Default ".data/sandbox". */
  dataDir?: string | null;
  users?: SandboxUser[];
  /**
   * The staff pages (login, portal, record pages; sandbox/web/README.md) and page sessions of
   * the REST API. Default true; false leaves the REST API alone (other paths: CB_NO04).
   */
  pages?: boolean;
  /** The page client's folder (index.ts, sandbox.css); default sandbox/web/client. */
  clientDir?: string;
  /** The sandbox's clock (tests may fix it). */
  now?: () => Date;
  /**
   * The tenant's default language of messages, for requests whose user has none and that send no
   * Japanese or English preference (kintone's locale setting). Default "ja".
   */
  language?: "ja" | "en";
  log?: (line: string) => void;
  /** Called with every JSON response: method, path, status, body. */
  onResponse?: (
    method: string,
    path: string,
    status: number,
    body: unknown,
  ) => void;
}

export interface Sandbox {
  /** `http://localhost:<port>`: the base URL for @kintone/rest-api-client. */
  url: string;
  store: Store;
  /** Creates an active API token for an app with the given rights (sandbox-only). */
  mintToken: typeof mintToken extends (s: Store, ...rest: infer A) => infer R
    ? (...args: A) => R
    : never;
  /**
   * Creates a space with its default thread (sandbox-only; kintone makes spaces from templates):
   * `{name, isGuest?, isPrivate?, members?, createApp?, fixedMember?}`, members defaulting to
   * the administrator as the space's administrator. Returns the ids as kintone writes them.
   */
  createSpace: (input: NewSpace) => { id: string; defaultThread: string };
  close: () => Promise<void>;
}

export const defaultUsers = (): SandboxUser[] => [
  {
    login: process.env.SANDBOX_USER ?? "admin",
    password: process.env.SANDBOX_PASSWORD ?? "admin",
    name: "Administrator",
    admin: true,
  },
];

export const allRoutes: readonly Route[] = [
  ...appRoutes,
  ...tokenRoutes,
  ...fileRoutes,
  ...extraRoutes,
];

/**
 * Whether kintone's OpenAPI description (sandbox/contract/openapi.yaml) describes a route: all
 * but the sandbox-only APIs (`sandbox/…`) and kintone's API Lab APIs.
 */
export const inOpenApi = (route: Route): boolean =>
  !route.api.startsWith("sandbox/") && route.lab !== true;

export const startSandbox = async (
  options: SandboxOptions = {},
): Promise<Sandbox> => {
  const dataDir =
    options.dataDir === undefined ? ".data/sandbox" : options.dataDir;
  const store = new Store(
    dataDir === null ? ":memory:" : join(dataDir, "kintone.sqlite"),
  );
  const users = options.users ?? defaultUsers();
  const now = options.now ?? (() => new Date());
  const web =
    options.pages === false
      ? undefined
      : createWebLayer({
          store,
          users,
          now,
          ...(options.log ? { log: options.log } : {}),
          ...(options.clientDir ? { clientDir: options.clientDir } : {}),
        });
  const server: Server = createKintoneServer({
    routes: allRoutes,
    store,
    users,
    now,
    ...(options.language ? { language: options.language } : {}),
    ...(web ? { web } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.onResponse ? { onResponse: options.onResponse } : {}),
  });
  const url = await listen(server, options.port ?? 8090);
  return {
    url,
    store,
    mintToken: (...args) => mintToken(store, ...args),
    createSpace: (input) => {
      const space = store.transaction(() =>
        addSpace(
          store,
          input,
          { code: users[0]?.login ?? "admin", name: users[0]?.name ?? "" },
          now(),
        ),
      );
      return {
        id: String(space.id),
        defaultThread: String(space.defaultThread),
      };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          store.close();
          resolve();
        });
      }),
  };
};
