/**
 * The customization and the plugin run domain/ inside kintone's pages. This runs in jsdom, where
 * Node-only globals are absent, to show that the shared rules need nothing but the browser.
 */
import * as domain from "../index.ts";

describe("domain/ in a browser", () => {
  it("runs in a window, not in Node", () => {
    expect(typeof window).toBe("object");
    expect(typeof document.createElement).toBe("function");
  });

  it("checks what a form's inputs hold and reports at their names", () => {
    document.body.innerHTML = `
      <form>
        <input name="insuredNoLast6" value="１２３４５６">
        <input name="applicationDateMMDD" value="13/1">
        <input name="birthDateYMD" value="S25.1.2">
      </form>`;
    const form = document.querySelector("form") as HTMLFormElement;
    const data = new FormData(form);
    const method1 = domain.parseInsuredNoSearch(
      String(data.get("insuredNoLast6")),
    );
    const method2 = domain.parseDatesSearch({
      applicationDate: String(data.get("applicationDateMMDD")),
      birthDate: String(data.get("birthDateYMD")),
    });
    expect(method1).toEqual({
      ok: true,
      value: { method: "insuredNo", insuredNoLast6: "123456" },
    });
    expect(method2.ok).toBe(false);
    const fields = method2.ok ? [] : method2.problems.map((p) => p.field);
    expect(fields).toEqual(["applicationDateMMDD"]);
    expect(form.elements.namedItem(fields[0] as string)).not.toBeNull();
  });

  it("formats, normalizes and checks identifiers the same way as on the server", () => {
    expect(domain.formatWareki("2019-05-01")).toBe("令和元年5月1日");
    expect(domain.parseKanaName("ﾔﾏﾀﾞ ﾀﾛｳ")).toEqual({
      ok: true,
      value: "ヤマダタロウ",
    });
    expect(domain.parseOfficeNo("12A8600011")).toEqual({
      ok: true,
      value: "12A8600011",
    });
    expect(
      domain.isIdle(
        { createdAt: "2026-01-01T00:00:00Z" },
        "2026-11-21T00:00:00Z",
        60,
      ),
    ).toBe(true);
  });
});
