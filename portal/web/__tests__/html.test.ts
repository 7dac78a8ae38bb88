import { escapeHtml, html, trusted } from "../html.ts";

// Another name for the tag: prettier formats html`` templates as HTML (whitespace added).
const tag = html;

describe("html", () => {
  it("escapes every interpolated value that is not SafeHtml, and joins arrays", () => {
    const page = tag`<p title="${`"x" & 'y'`}">${"<b>"}${[1, tag`<i>${"&"}</i>`, null]}${undefined}${false}${0}${trusted("<br />")}</p>`;
    expect(page.safeHtml).toBe(
      '<p title="&quot;x&quot; &amp; &#39;y&#39;">&lt;b&gt;1<i>&amp;</i>0<br /></p>',
    );
  });

  it("returns text with nothing to escape as it is", () => {
    expect(escapeHtml("被保険者番号 123456")).toBe("被保険者番号 123456");
    expect(escapeHtml("")).toBe("");
    expect(escapeHtml("a<b")).toBe("a&lt;b");
    expect(tag``.safeHtml).toBe("");
  });
});
