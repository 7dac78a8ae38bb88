/**
 * The settings table (portal/settings.ts) is what the portal reads and what its documents say:
 * README's table and `.env.example` are the generator's output, every variable the code names is
 * in the table, and the readers refuse exactly outside the table's ranges.
 */
import { execFileSync } from "node:child_process";
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appEnvName, tokenEnvName } from "../../schemas/envNames.ts";
import { appCodes } from "../../schemas/types.ts";
import { envExample, settingsRegion } from "../../scripts/lib/settingsDocs.ts";
import { productionProblems } from "../check.ts";
import { ConfigError } from "../configError.ts";
import { configFromEnv } from "../env.ts";
import { defaultLimitRules, limitVariables } from "../limits/rules.ts";
import { integerSetting, settings } from "../settings.ts";
import { soundProductionEnv } from "./productionEnv.ts";

const root = join(import.meta.dirname, "..", "..");
const portalDir = join(root, "portal");

/** The portal's own source files (not tests, not the table itself). */
const sources = (): Array<{ file: string; text: string }> =>
  readdirSync(portalDir, { recursive: true, encoding: "utf8" })
    .filter(
      (f) =>
        f.endsWith(".ts") &&
        !f.split("/").includes("__tests__") &&
        f !== "settings.ts",
    )
    .map((f) => ({ file: f, text: readFileSync(join(portalDir, f), "utf8") }));

const names = new Set(settings.map((s) => s.name));

const production = soundProductionEnv;

/** Runs `npm run settings` (the generator, with prettier) with `args`. */
const generator = (args: string[]): { status: number; out: string } => {
  try {
    const out = execFileSync(
      process.execPath,
      [join(root, "scripts", "settings.ts"), ...args],
      { encoding: "utf8", stdio: "pipe" },
    );
    return { status: 0, out };
  } catch (e) {
    const failed = e as { status: number; stderr: string };
    return { status: failed.status, out: failed.stderr };
  }
};

describe("README's table and .env.example", () => {
  it("are what `npm run settings` makes from the table (run it after changing portal/settings.ts)", () => {
    expect(readFileSync(join(root, ".env.example"), "utf8")).toBe(envExample());
    expect(generator(["--check"])).toEqual({
      status: 0,
      out: "README.md の設定の表と .env.example は portal/settings.ts と合っています。\n",
    });
  });

  it("are refused by --check when out of date, and rewritten without it", () => {
    const dir = mkdtempSync(join(tmpdir(), "kaigo-settings-"));
    try {
      const readme = readFileSync(join(root, "README.md"), "utf8");
      const edited = readme.replace("| `PORTAL_PORT`", "| `PORTAL_PORTS`");
      writeFileSync(join(dir, "README.md"), edited);
      writeFileSync(join(dir, ".env.example"), envExample());
      const refused = generator(["--check", "--root", dir]);
      expect(refused.status).toBe(1);
      expect(refused.out).toContain(
        "README.md が portal/settings.ts と合っていません",
      );
      expect(readFileSync(join(dir, "README.md"), "utf8")).toBe(edited);

      expect(generator(["--root", dir]).status).toBe(0);
      expect(readFileSync(join(dir, "README.md"), "utf8")).toBe(readme);
      expect(generator(["--check", "--root", dir]).status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("list every setting once, with its meaning in Japanese", () => {
    const table = settingsRegion(readFileSync(join(root, "README.md"), "utf8"));
    const example = envExample();
    expect(names.size).toBe(settings.length);
    for (const s of settings) {
      expect(table.split(`| \`${s.name}\` `)).toHaveLength(2);
      expect(
        example.split(new RegExp(`^(?:# )?${s.name}=`, "mu")),
      ).toHaveLength(2);
      expect(s.meaning).toMatch(/[ぁ-んァ-ヶ一-龠]/u);
    }
  });

  it("are found by git: .env.example is not ignored", () => {
    let ignored = true;
    try {
      execFileSync("git", ["check-ignore", "-q", ".env.example"], {
        cwd: root,
      });
    } catch {
      // Exit code 1: not ignored.
      ignored = false;
    }
    expect(ignored).toBe(false);
  });

  it(".env.example holds no secret, and copied as it is it cannot start a production portal", () => {
    const values = Object.fromEntries(
      envExample()
        .split("\n")
        .filter((line) => /^[A-Z]/u.test(line))
        .map((line) => [
          line.slice(0, line.indexOf("=")),
          line.slice(line.indexOf("=") + 1),
        ]),
    );
    for (const [name, value] of Object.entries(values)) {
      if (/TOKEN|SECRET/u.test(name)) {
        expect(value).toBe("");
      }
    }
    expect(productionProblems(values).join("\n")).toMatch(
      /PORTAL_PUBLIC_URL[\s\S]*PORTAL_MAIL_FROM[\s\S]*PORTAL_WEBHOOK_SECRET/u,
    );
    expect(() => configFromEnv(values)).toThrow(ConfigError);
  });
});

describe("the variables the code reads", () => {
  it("are all in the table (a new variable must be added there)", () => {
    const read = new Set<string>();
    for (const { text } of sources()) {
      for (const m of text.matchAll(
        /\benv(?:\.([A-Z][A-Z0-9_]*)|\[\s*"([A-Z][A-Z0-9_]*)"\s*\])/gu,
      )) {
        read.add(m[1] ?? m[2] ?? "");
      }
      for (const m of text.matchAll(
        /\b(?:PORTAL|KINTONE)_[A-Z0-9_]*[A-Z0-9]\b/gu,
      )) {
        read.add(m[0]);
      }
    }
    expect([...read].filter((n) => !names.has(n))).toEqual([]);
  });

  it("include every setting of the table (none is listed but ignored)", () => {
    const text = sources()
      .map((s) => s.text)
      .join("\n");
    const dynamic = new Set([
      ...appCodes.map((c) => appEnvName(c)),
      ...appCodes.map((c) => tokenEnvName(c, "portal")),
      tokenEnvName("registration", "signup"),
    ]);
    expect(
      settings
        .map((s) => s.name)
        .filter(
          (n) =>
            !dynamic.has(n) &&
            !text.includes(`"${n}"`) &&
            !text.includes(`env.${n}`),
        ),
    ).toEqual([]);
  });
});

describe("the readers", () => {
  const refusal = (name: string, value: string): string => {
    try {
      configFromEnv({ ...production, [name]: value });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    return "";
  };

  it("take each integer's range from the table: its ends accepted, one beyond refused naming it", () => {
    for (const s of settings.filter((x) => x.kind === "integer")) {
      const { min, max } = integerSetting(s.name);
      // The daily search limit may not be below the 10-minute one (set to 0: off).
      const extra = {
        PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_10MIN: {
          PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_DAY: "0",
        },
        PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_DAY: {
          PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_10MIN: "0",
        },
      }[s.name];
      for (const ok of [min, max]) {
        expect(() =>
          configFromEnv({ ...production, ...extra, [s.name]: String(ok) }),
        ).not.toThrow();
      }
      for (const bad of [min - 1, max + 1]) {
        expect(refusal(s.name, String(bad))).toContain(s.name);
        expect(refusal(s.name, String(bad))).toContain(`${min}〜${max}`);
      }
    }
  });

  it("use the table's defaults when a variable is unset", () => {
    const c = configFromEnv(production);
    expect(c.port).toBe(integerSetting("PORTAL_PORT").fallback);
    expect(c.windowMonths).toBe(
      integerSetting("PORTAL_WINDOW_MONTHS").fallback,
    );
    expect(c.staleMinutes).toBe(
      integerSetting("PORTAL_STALE_MINUTES").fallback,
    );
    expect(c.limits).toEqual(defaultLimitRules());
    expect(limitVariables.map((v) => v.fallback)).toEqual(
      limitVariables.map((v) => integerSetting(v.name).fallback),
    );
    expect(c.logLevel).toBe("info");
  });
});

describe("PORTAL_LOG_LEVEL", () => {
  it("takes pino's levels, whatever their case", () => {
    for (const level of [
      "fatal",
      "error",
      "warn",
      "info",
      "debug",
      "trace",
      "silent",
    ]) {
      expect(
        configFromEnv({ ...production, PORTAL_LOG_LEVEL: level.toUpperCase() })
          .logLevel,
      ).toBe(level);
    }
    expect(
      configFromEnv({ ...production, PORTAL_LOG_LEVEL: "" }).logLevel,
    ).toBe("info");
  });

  it("refuses anything else in Japanese, naming the variable and the levels", () => {
    expect(() =>
      configFromEnv({ ...production, PORTAL_LOG_LEVEL: "verbose" }),
    ).toThrow(
      new ConfigError(
        "PORTAL_LOG_LEVEL には fatal、error、warn、info、debug、trace、silent のどれかを指定してください（指定値: verbose）。",
      ),
    );
  });
});
