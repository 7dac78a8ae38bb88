import { availableParallelism } from "node:os";

// Two projects: "node" for logic and servers, "jsdom" for code that runs in a browser
// (customizations, plugin screens). TypeScript is transpiled by SWC; tsc type-checks separately.
const transform = {
  "^.+\\.tsx?$": [
    "@swc/jest",
    {
      jsc: {
        parser: { syntax: "typescript", tsx: true },
        target: "es2023",
        transform: { react: { runtime: "automatic" } },
      },
      module: { type: "commonjs" },
      sourceMaps: "inline",
    },
  ],
};

const ignored = ["/node_modules/", "/coverage/", "/.data/"];

// `cookie` 2 is ES modules only, and light-my-request (Fastify's app.inject) requires it: Node
// loads that natively, jest's CommonJS runtime only without --experimental-vm-modules if the
// package is transpiled like our own files.
const esmOnly = ["cookie"];
const transformIgnorePatterns = [`/node_modules/(?!(${esmOnly.join("|")})/)`];
const esmTransform = {
  ...transform,
  "^.+\\.js$": [
    "@swc/jest",
    { jsc: { target: "es2023" }, module: { type: "commonjs" } },
  ],
};

// Most tests wait on servers, browsers and child processes rather than compute: one worker per
// core, at least two (jest's default, cores − 1, runs a 2-core machine's suite one file at a
// time and takes nearly twice as long).
const workers = Math.max(2, availableParallelism() - 1);

/** @type {import('jest').Config} */
export default {
  // The servers under test are real; give their tests room on a 2-core machine whose cores may
  // be busy with other work (tests wait for conditions, so a generous bound costs nothing).
  testTimeout: 120_000,
  maxWorkers: workers,
  coverageProvider: "v8",
  collectCoverageFrom: ["domain/**/*.ts", "!**/__tests__/**"],
  coverageReporters: ["text-summary", "lcov"],
  coverageThreshold: {
    "./domain/": { lines: 95, statements: 95, functions: 95, branches: 90 },
  },
  projects: [
    {
      displayName: "node",
      testEnvironment: "node",
      transform: esmTransform,
      transformIgnorePatterns,
      setupFiles: ["<rootDir>/test/setup-env.ts"],
      testMatch: [
        "<rootDir>/**/__tests__/**/*.test.ts",
        "<rootDir>/test/**/*.test.ts",
      ],
      testPathIgnorePatterns: [...ignored, "\\.dom\\.test\\.tsx?$"],
    },
    {
      displayName: "jsdom",
      testEnvironment: "jsdom",
      transform,
      testMatch: ["<rootDir>/**/*.dom.test.ts", "<rootDir>/**/*.dom.test.tsx"],
      testPathIgnorePatterns: ignored,
    },
  ],
};
