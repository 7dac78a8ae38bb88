/** Page URLs, as kintone's (sandbox/web/README.md "Page URLs"). */

export const portalUrl = (mobile: boolean): string =>
  mobile ? "/k/m/" : "/k/#/portal";

export const listUrl = (
  app: number,
  mobile: boolean,
  params: Record<string, string | number | null> = {},
): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== "") {
      search.set(key, String(value));
    }
  }
  const query = search.toString();
  return `/k/${mobile ? "m/" : ""}${app}/${query === "" ? "" : `?${query}`}`;
};

export const detailUrl = (
  app: number,
  id: string | number,
  mobile: boolean,
): string =>
  mobile ? `/k/m/${app}/show?record=${id}` : `/k/${app}/show#record=${id}`;

export const editUrl = (
  app: number,
  id: string | number,
  mobile: boolean,
): string =>
  mobile
    ? `/k/m/${app}/edit?record=${id}`
    : `/k/${app}/show#record=${id}&mode=edit`;

export const createUrl = (app: number, mobile: boolean): string =>
  mobile ? `/k/m/${app}/edit` : `/k/${app}/edit`;

/** Desktop detail/edit read the record from the hash: `#record=ID&mode=edit`. */
export const readHash = (
  hash: string,
): { recordId: string | null; edit: boolean } => {
  const params = new URLSearchParams(hash.replace(/^#/u, ""));
  return {
    recordId: params.get("record"),
    edit: params.get("mode") === "edit",
  };
};
