/** The comments pane of the detail page: `record/comments.json` to read, `record/comment.json` to post. */
import { detach, h } from "../dom.ts";
import { formatDateTime } from "./display.ts";
import type { Env } from "./env.ts";
import { messageOf } from "./shell.ts";

interface Comment {
  id: string;
  text: string;
  createdAt: string;
  creator: { code: string; name: string };
}

const LIMIT = 10;

export const drawComments = (
  env: Env,
  side: HTMLElement,
  app: number,
  record: number,
): void => {
  const list = h("ol", { class: "sb-comments" });
  const message = h("div", {
    class: "sb-field-error",
    role: "alert",
    hidden: true,
  });
  const text = h("textarea", {
    class: "sb-input sb-textarea",
    rows: 3,
    "aria-label": "コメント",
  });
  const load = async (): Promise<void> => {
    try {
      const res = (await env.rest("/k/v1/record/comments.json", "GET", {
        app,
        record,
        order: "desc",
        limit: LIMIT,
      })) as {
        comments: Comment[];
      };
      list.replaceChildren(
        ...(res.comments.length === 0
          ? [h("li", { class: "sb-muted" }, "コメントはありません。")]
          : res.comments.map((c) =>
              h(
                "li",
                { class: "sb-comment" },
                h(
                  "div",
                  { class: "sb-comment-head" },
                  c.creator.name,
                  " ",
                  h(
                    "time",
                    { datetime: c.createdAt },
                    formatDateTime(c.createdAt),
                  ),
                ),
                h("div", { class: "sb-multiline" }, c.text),
              ),
            )),
      );
    } catch (error) {
      list.replaceChildren(
        h(
          "li",
          { class: "sb-muted" },
          `コメントを読み込めませんでした。${messageOf(error)}`,
        ),
      );
    }
  };
  const showMessage = (value: string | null): void => {
    message.textContent = value ?? "";
    message.hidden = value === null;
  };
  const post = (): Promise<void> => {
    const body = text.value;
    if (body.trim() === "") {
      return Promise.resolve();
    }
    return env
      .rest("/k/v1/record/comment.json", "POST", {
        app,
        record,
        comment: { text: body },
      })
      .then(() => {
        text.value = "";
        showMessage(null);
        return load();
      })
      .catch((error: unknown) => {
        showMessage(`書き込めませんでした。${messageOf(error)}`);
      });
  };
  side.append(
    h(
      "section",
      { class: "sb-comment-pane", "aria-label": "コメント" },
      h("h2", {}, "コメント"),
      text,
      message,
      h(
        "button",
        {
          type: "button",
          class: "sb-button sb-primary",
          onclick: () => detach(post()),
        },
        "書き込む",
      ),
      list,
    ),
  );
  detach(load());
};
