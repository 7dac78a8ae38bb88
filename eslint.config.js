// ESLint flat config: Cybozu's node-typescript-prettier preset plus the rules kintone/js-sdk adds.
import kintoneCustomizePrettier from "@cybozu/eslint-config/flat/presets/kintone-customize-prettier.js";
import nodeTypescriptPrettier from "@cybozu/eslint-config/flat/presets/node-typescript-prettier.js";
import { createNodeResolver } from "eslint-plugin-import-x";
import globals from "globals";

export default [
  {
    ignores: [
      "node_modules/",
      "coverage/",
      "dist/",
      ".data/",
      "schemas/types/",
    ],
  },
  ...nodeTypescriptPrettier,
  // customize/ runs in kintone's pages: Cybozu's kintone-customize preset (browser and kintone
  // globals) on top, then the TypeScript rules it would undo, then the project's rules below.
  ...kintoneCustomizePrettier.map((config) => ({
    ...config,
    files: ["customize/**/*.ts"],
  })),
  {
    files: ["customize/**/*.ts"],
    rules: {
      // The TypeScript-aware form (@typescript-eslint/no-shadow) stays on.
      "no-shadow": "off",
      // Types are checked by tsc, which knows the global `kintone` namespace of dts-gen.
      "no-undef": "off",
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["node:*", "fs", "path", "child_process"],
              message:
                "customize/ はブラウザーで動きます。Node の機能は使えません。",
            },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        ...["process", "Buffer", "require", "__dirname"].map((name) => ({
          name,
          message:
            "customize/ はブラウザーで動きます。Node の機能は使えません。",
        })),
      ],
    },
  },
  {
    settings: {
      // Imports carry their `.ts` extension (Node runs TypeScript directly).
      "import-x/resolver-next": [createNodeResolver()],
      "import-x/extensions": [".ts", ".tsx", ".js"],
    },
    rules: {
      curly: ["error", "all"],
      "func-style": ["error", "expression"],
      "@typescript-eslint/consistent-type-imports": [
        "error",
        { prefer: "type-imports" },
      ],
      "n/no-missing-import": "off",
      // Modules depend one way: a cycle (even of types) means two modules are one, or a third
      // is missing.
      "import-x/no-cycle": [
        "error",
        { allowUnsafeDynamicCyclicDependency: false },
      ],
      // node:sqlite is a release candidate in Node 24 (the pinned runtime) and the sandbox's store.
      "n/no-unsupported-features/node-builtins": [
        "error",
        { allowExperimental: true },
      ],
    },
  },
  {
    // domain/ is the functional core: pure rules, shared by Node and the browser.
    files: ["domain/**/*.ts"],
    ignores: ["domain/**/__tests__/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "node:*",
                "fs",
                "path",
                "http",
                "https",
                "net",
                "child_process",
              ],
              message: "domain/ は純粋な規則だけを置く場所です（I/O 禁止）。",
            },
            {
              group: ["@kintone/*", "../*", "!../domain/*"],
              message: "domain/ は他のフォルダに依存しません。",
            },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        ...[
          "process",
          "Buffer",
          "fetch",
          "kintone",
          "window",
          "document",
          "localStorage",
        ].map((name) => ({
          name,
          message: "domain/ では I/O やホスト環境に触れません。",
        })),
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message:
            "domain/ は時計を読みません。今日の日付は引数で受け取ってください。",
        },
        {
          selector:
            "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message:
            "domain/ は時計を読みません。今日の日付は引数で受け取ってください。",
        },
      ],
    },
  },
  {
    files: ["**/__tests__/**", "test/**"],
    languageOptions: { globals: { ...globals.jest } },
  },
];
