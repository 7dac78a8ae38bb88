import {
  createSearchBar,
  installSearchBar,
  mountSearchBar,
  type SearchBarOptions,
} from "../searchBar.ts";

type Handler = (event: unknown) => unknown;

/** A kintone with only what the bar uses: events.on, the header spaces, the query condition. */
const fakeKintone = (condition: string | null = null) => {
  const handlers = new Map<string, Handler[]>();
  const space = document.createElement("div");
  const api = {
    events: {
      on: (type: string | string[], handler: Handler) => {
        for (const t of [type].flat()) {
          handlers.set(t, [...(handlers.get(t) ?? []), handler]);
        }
      },
    },
    app: {
      getHeaderSpaceElement: () => space,
      getQueryCondition: () => condition,
    },
    mobile: {
      app: {
        getHeaderSpaceElement: () => space,
        getQueryCondition: () => condition,
      },
    },
  };
  (globalThis as unknown as { kintone: unknown }).kintone = api;
  const fire = (type: string, event: unknown = { type, records: [] }) =>
    (handlers.get(type) ?? []).map((h) => h(event));
  return { handlers, space, fire };
};

const options = (o: Partial<SearchBarOptions> = {}): SearchBarOptions => ({
  device: "mobile",
  current: "",
  shown: null,
  href: "http://localhost/k/m/5/?view=20",
  navigate: jest.fn(),
  ...o,
});

const parts = (bar: HTMLElement) => ({
  input: bar.querySelector("input") as HTMLInputElement,
  search: [...bar.querySelectorAll("button")].find(
    (b) => b.textContent === "検索",
  ) as HTMLButtonElement,
  clear: [...bar.querySelectorAll("button")].find(
    (b) => b.textContent === "クリア",
  ) as HTMLButtonElement,
  message: bar.querySelector(".kn-search__message") as HTMLElement,
});

const type = (bar: HTMLElement, text: string): void => {
  const { input, search } = parts(bar);
  input.value = text;
  search.click();
};

afterEach(() => {
  document.body.innerHTML = "";
  window.history.replaceState({}, "", "/");
});

describe("the search bar", () => {
  test("has a label, one numeric box, 検索 and クリア", () => {
    const bar = createSearchBar(options());
    document.body.append(bar);
    const { input, search, clear } = parts(bar);
    expect(bar.getAttribute("role")).toBe("search");
    expect(input.labels?.[0]?.textContent).toBe("対象者の検索");
    expect(input.getAttribute("inputmode")).toBe("numeric");
    expect(input.getAttribute("aria-describedby")).toContain("hint");
    expect(bar.querySelectorAll("input")).toHaveLength(1);
    expect(search.type).toBe("submit");
    expect(clear.type).toBe("button");
    expect(bar.textContent).toContain("例：123456、0105 19500102");
  });

  test.each([
    ["123456", 'insuredNoLast6 = "123456"'],
    [
      "０１０５　Ｓ２５．１．２",
      'applicationDateMMDD = "0105" and birthDateYMD = "19500102"',
    ],
  ])("goes in one step to the list filtered by %j", (text, query) => {
    const o = options();
    const bar = createSearchBar(o);
    document.body.append(bar);
    type(bar, text);
    expect(o.navigate).toHaveBeenCalledTimes(1);
    const url = new URL((o.navigate as jest.Mock).mock.calls[0][0] as string);
    expect(url.pathname).toBe("/k/m/5/");
    expect(url.searchParams.get("view")).toBe("20");
    expect(url.searchParams.get("query")).toBe(query);
  });

  test("says beside the box, in Japanese, what it takes, and goes nowhere", () => {
    const alert = jest
      .spyOn(window, "alert")
      .mockImplementation(() => undefined);
    const o = options();
    const bar = createSearchBar(o);
    document.body.append(bar);
    type(bar, "12345");
    const { input, message } = parts(bar);
    expect(o.navigate).not.toHaveBeenCalled();
    expect(alert).not.toHaveBeenCalled();
    expect(message.textContent).toMatch(/^数字5桁では検索できません。/);
    expect(message.classList).toContain("kn-search__message--error");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    type(bar, "123456");
    expect(input.getAttribute("aria-invalid")).toBe("false");
    expect(message.classList).not.toContain("kn-search__message--error");
    alert.mockRestore();
  });

  test("shows the current search, and クリア returns to every record", () => {
    const o = options({
      current: "0105 19500102",
      shown: 2,
      href: "http://localhost/k/5/?view=20&query=x&offset=20",
    });
    const bar = createSearchBar(o);
    document.body.append(bar);
    const { input, clear, message } = parts(bar);
    expect(input.value).toBe("0105 19500102");
    expect(message.textContent).toBe(
      "「0105 19500102」の検索結果を表示しています。",
    );
    clear.click();
    expect(input.value).toBe("");
    expect(o.navigate).toHaveBeenCalledWith("http://localhost/k/5/?view=20");
  });

  test("says when a search found nobody", () => {
    const bar = createSearchBar(options({ current: "123456", shown: 0 }));
    expect(parts(bar).message.textContent).toBe(
      "「123456」に該当する申請はありません。番号や日付をご確認ください。",
    );
  });

  test("says when a search found nobody in a view that narrows the list", () => {
    const bar = createSearchBar(
      options({ current: "123456", shown: 0, narrowed: true }),
    );
    expect(parts(bar).message.textContent).toBe(
      "「123456」に該当する申請はこの一覧にはありません。絞り込みのない一覧に切り替えてお試しください。",
    );
  });

  test("クリア also leaves a query the bar did not make", () => {
    const o = options({ href: "http://localhost/k/5/?query=x" });
    const bar = createSearchBar(o);
    parts(bar).clear.click();
    expect(o.navigate).toHaveBeenCalledWith("http://localhost/k/5/");
  });

  test("クリア with no search only empties the box", () => {
    const o = options();
    const bar = createSearchBar(o);
    type(bar, "1");
    parts(bar).clear.click();
    expect(parts(bar).input.value).toBe("");
    expect(parts(bar).message.textContent).toBe("");
    expect(o.navigate).not.toHaveBeenCalled();
  });

  test("on a phone, a button switches to the full keyboard for 和暦 and back", () => {
    const bar = createSearchBar(options());
    document.body.append(bar);
    const toggle = bar.querySelector(".kn-search__keyboard") as HTMLElement;
    const { input } = parts(bar);
    toggle.click();
    expect(input.getAttribute("inputmode")).toBe("text");
    expect(toggle.getAttribute("aria-pressed")).toBe("true");
    expect(document.activeElement).toBe(input);
    toggle.click();
    expect(input.getAttribute("inputmode")).toBe("numeric");
    expect(
      createSearchBar(options({ device: "desktop" })).querySelector(
        ".kn-search__keyboard",
      ),
    ).toBeNull();
  });

  test("is mounted first in the header space, once, with its style once", () => {
    const space = document.createElement("div");
    space.append(document.createElement("p"));
    document.body.append(space);
    mountSearchBar(space, options());
    mountSearchBar(space, options({ current: "123456" }));
    expect(space.querySelectorAll("form")).toHaveLength(1);
    expect(space.firstElementChild?.tagName).toBe("FORM");
    expect(parts(space).input.value).toBe("123456");
    expect(document.querySelectorAll("#kn-search-style")).toHaveLength(1);
    expect(document.getElementById("kn-search-style")?.textContent).toContain(
      "min-height:44px",
    );
  });
});

describe("installSearchBar", () => {
  test.each([
    ["mobile", "mobile.app.record.index.show", "/k/m/5/"],
    ["desktop", "app.record.index.show", "/k/5/"],
  ] as const)(
    "%s: mounts on %s, showing the search in the URL's query",
    (device, event, path) => {
      const k = fakeKintone();
      window.history.replaceState(
        {},
        "",
        `${path}?query=${encodeURIComponent('insuredNo = "0000123456"')}`,
      );
      installSearchBar(device);
      expect([...k.handlers.keys()]).toEqual([event]);
      const shown = { type: event, records: [{}] };
      expect(k.fire(event, shown)).toEqual([shown]);
      expect(parts(k.space).input.value).toBe("0000123456");
      expect(k.space.querySelector(`.kn-search--${device}`)).not.toBeNull();
    },
  );

  test("reads the search from the list's condition when the URL has none", () => {
    const k = fakeKintone(
      '(status in ("審査会")) and (applicationDateMMDD = "0105" and birthDateYMD = "19500102")',
    );
    window.history.replaceState({}, "", "/k/m/5/?view=20");
    installSearchBar("mobile");
    k.fire("mobile.app.record.index.show");
    expect(parts(k.space).input.value).toBe("0105 19500102");
    expect(parts(k.space).message.textContent).toContain(
      "この一覧にはありません",
    );
  });

  test("shows even when kintone cannot give the list's condition", () => {
    const k = fakeKintone();
    (
      globalThis as unknown as {
        kintone: { mobile: { app: { getQueryCondition: () => never } } };
      }
    ).kintone.mobile.app.getQueryCondition = () => {
      throw new Error("deleted user in the filter");
    };
    window.history.replaceState({}, "", "/k/m/5/");
    installSearchBar("mobile");
    k.fire("mobile.app.record.index.show");
    expect(parts(k.space).input.value).toBe("");
    expect(document.querySelector("[role=alert]")).toBeNull();
  });

  test("says nobody was found, not the view, when the list is the search alone", () => {
    const query = 'insuredNoLast6 = "123456"';
    const k = fakeKintone(query);
    window.history.replaceState(
      {},
      "",
      `/k/5/?query=${encodeURIComponent(query)}`,
    );
    installSearchBar("desktop");
    k.fire("app.record.index.show");
    expect(parts(k.space).message.textContent).toBe(
      "「123456」に該当する申請はありません。番号や日付をご確認ください。",
    );
  });

  test("leaves the list as it is and says so in Japanese when something fails", () => {
    const k = fakeKintone();
    const error = jest
      .spyOn(console, "error")
      .mockImplementation(() => undefined);
    (
      globalThis as unknown as {
        kintone: { app: { getHeaderSpaceElement: () => never } };
      }
    ).kintone.app.getHeaderSpaceElement = () => {
      throw new Error("boom");
    };
    installSearchBar("desktop");
    const shown = { type: "app.record.index.show" };
    expect(k.fire("app.record.index.show", shown)).toEqual([shown]);
    expect(error).toHaveBeenCalled();
    expect(document.querySelector("[role=alert]")?.textContent).toContain(
      "エラーが発生しました",
    );
    error.mockRestore();
  });
});
