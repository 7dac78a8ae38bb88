/**
 * Formula checks at deploy: kintone refuses to deploy an app whose formula is invalid with
 * 400 GAIA_IL01 「フィールド「<label>」の計算式が正しくありません。(エラーの内容：<reason>)」
 * (https://jp.kintone.help/k/ja/app/form/autocalc/basic_error/autocalc_error.html). Checked
 * here: syntax, full-width symbols, unknown functions, argument counts, unknown field codes,
 * field types a formula cannot use, and formulas that refer to themselves (directly or not).
 * Type mismatches (「演算子「<op>」とデータ型の組み合わせが正しくありません。」…) are not
 * checked before records are written: they give an empty value then.
 */
import { KintoneError, t, type LocalizedText } from "../../core/errors.ts";
import { ARITY } from "./evaluate.ts";
import { FormulaFailure } from "./numbers.ts";
import { FULL_WIDTH, parse, referencesOf, type Node } from "./parse.ts";

type Props = Record<string, Record<string, unknown>>;

interface Field {
  code: string;
  type: string;
  label: string;
  expression: string;
}

/** Field types a formula may refer to (https://us.kintone.help/k/en/app/form/autocalc/ref_data/autocalc_field.html). */
const REFERABLE = new Set([
  "NUMBER",
  "CALC",
  "DATE",
  "TIME",
  "DATETIME",
  "CREATED_TIME",
  "UPDATED_TIME",
  "SINGLE_LINE_TEXT",
  "DROP_DOWN",
  "RADIO_BUTTON",
  "CHECK_BOX",
  "MULTI_SELECT",
  "CREATOR",
  "MODIFIER",
]);

const fieldsOf = (properties: Props): Field[] =>
  Object.values(properties).flatMap((prop) => {
    const own: Field = {
      code: String(prop.code ?? ""),
      type: String(prop.type ?? ""),
      label: String(prop.label ?? prop.code ?? ""),
      expression: String(prop.expression ?? "").trim(),
    };
    return prop.type === "SUBTABLE"
      ? fieldsOf((prop.fields ?? {}) as Props)
      : [own];
  });

const isFormula = (f: Field): boolean =>
  f.type === "CALC" || (f.type === "SINGLE_LINE_TEXT" && f.expression !== "");

const syntaxReason = (e: FormulaFailure): LocalizedText => {
  const full = /^full-width symbol (.)/u.exec(e.message)?.[1];
  if (full) {
    const half = FULL_WIDTH[full] ?? full;
    return t(
      `全角記号「${full}」が入力されています。半角記号「${half}」を入力してください。`,
      `The full-width symbol "${full}" is used. Enter the half-width "${half}".`,
    );
  }
  return t(
    "計算式の文法が正しくありません。",
    "The formula has a syntax error.",
  );
};

const callReason = (node: Node): LocalizedText | null => {
  if (node.k !== "call") {
    return null;
  }
  const arity = ARITY[node.name];
  if (!arity) {
    return t(
      `${node.name}関数は使用できません。`,
      `The ${node.name} function is not available.`,
    );
  }
  const [min, max] = arity;
  if (node.args.length < min) {
    return min === max
      ? t(
          `${node.name}関数には${min}個の引数が必要です。`,
          `The ${node.name} function needs ${min} arguments.`,
        )
      : t(
          `${node.name}関数には${min}個以上の引数が必要です。`,
          `The ${node.name} function needs at least ${min} arguments.`,
        );
  }
  if (node.args.length > max) {
    return t(
      `${node.name}関数に指定できる引数は${max}個までです。`,
      `The ${node.name} function takes at most ${max} arguments.`,
    );
  }
  return node.args.map(callReason).find((r) => r !== null) ?? null;
};

const referenceReason = (
  tree: Node,
  fields: ReadonlyMap<string, Field>,
): LocalizedText | null => {
  for (const code of referencesOf(tree)) {
    const field = fields.get(code);
    if (!field) {
      return t(
        `計算式に含まれるフィールドコード（${code}）が存在しません。`,
        `The field code (${code}) in the formula does not exist.`,
      );
    }
    if (!REFERABLE.has(field.type)) {
      return t(
        `計算式で利用できないフィールドタイプ(${field.type})が指定されています。`,
        `The formula uses a field type (${field.type}) formulas cannot use.`,
      );
    }
  }
  return null;
};

const CYCLE = t(
  "フィールドの参照が循環しています。",
  "The field references are circular.",
);

/** The formula fields on a reference cycle. */
const onCycles = (graph: ReadonlyMap<string, Set<string>>): Set<string> => {
  const cyclic = new Set<string>();
  const reaches = (from: string, target: string, seen: Set<string>): boolean =>
    [...(graph.get(from) ?? [])].some(
      (next) =>
        next === target ||
        (!seen.has(next) && (seen.add(next), reaches(next, target, seen))),
    );
  for (const code of graph.keys()) {
    if (reaches(code, code, new Set())) {
      cyclic.add(code);
    }
  }
  return cyclic;
};

const problem = (field: Field, reason: LocalizedText): KintoneError =>
  new KintoneError(
    400,
    "GAIA_IL01",
    t(
      `フィールド「${field.label}」の計算式が正しくありません。(エラーの内容：${reason.ja})`,
      `The formula of the field "${field.label}" is invalid. (${reason.en})`,
    ),
  );

/** Throws GAIA_IL01 for the first invalid formula among a form's `properties`. */
export const checkFormulas = (properties: Props): void => {
  const all = fieldsOf(properties);
  const byCode = new Map(all.map((f) => [f.code, f]));
  const graph = new Map<string, Set<string>>();
  // An empty CALC expression is not refused (the field's value is ""), see sandbox/README.md.
  for (const field of all.filter((f) => isFormula(f) && f.expression !== "")) {
    let tree: Node;
    try {
      tree = parse(field.expression);
    } catch (e) {
      if (e instanceof FormulaFailure) {
        throw problem(field, syntaxReason(e));
      }
      throw e;
    }
    const reason = callReason(tree) ?? referenceReason(tree, byCode);
    if (reason) {
      throw problem(field, reason);
    }
    graph.set(
      field.code,
      new Set(
        [...referencesOf(tree)].filter((c) =>
          isFormula(byCode.get(c) as Field),
        ),
      ),
    );
  }
  const cyclic = onCycles(graph);
  const first = all.find((f) => cyclic.has(f.code));
  if (first) {
    throw problem(first, CYCLE);
  }
};
