import { join } from "node:path";
import {
  bundlePath,
  GZIP_LIMIT_BYTES,
  oversized,
  sizeTable,
  type BundleSize,
} from "../bundles.ts";

const size = (over: Partial<BundleSize>): BundleSize => ({
  app: "progress",
  device: "desktop",
  file: "x.js",
  bytes: 23_604,
  gzipBytes: 9_445,
  ...over,
});

describe("bundle sizes", () => {
  it("are a table of raw and gzipped sizes, the bundles over the limit marked", () => {
    const sizes = [
      size({}),
      size({
        app: "offices",
        device: "mobile",
        gzipBytes: GZIP_LIMIT_BYTES + 1,
      }),
    ];
    expect(sizeTable(sizes).split("\n")).toEqual([
      "アプリ    端末      サイズ     gzip",
      "progress  desktop  23.1 KB   9.2 KB",
      "offices   mobile   23.1 KB  20.0 KB  上限 20.0 KB 超過",
    ]);
    expect(oversized(sizes).map((s) => s.app)).toEqual(["offices"]);
    expect(oversized([size({ gzipBytes: GZIP_LIMIT_BYTES })])).toEqual([]);
  });

  it("live at <out>/<app>/<device>.js", () => {
    expect(bundlePath("out", "consent", "mobile")).toBe(
      join("out", "consent", "mobile.js"),
    );
  });
});
