/**
 * The trimmed OpenAPI contract: how it is cut from kintone's description (on a small document
 * written here), and that the committed file is what the cut makes of itself and carries its
 * source and licence.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { allRoutes, inOpenApi } from "../../index.ts";
import { trimOpenApi, type UpstreamDocument } from "../trim.ts";

const upstream: UpstreamDocument = {
  openapi: "3.1.0",
  info: { title: "REST API SPEC", version: "20990101000000" },
  paths: {
    "/k/v1/app.json": {
      get: {
        description: "Gets an app.",
        operationId: "getApp",
        parameters: [
          {
            name: "id",
            in: "query",
            required: true,
            description: "The App ID",
            schema: { type: "integer", description: "The App ID" },
          },
        ],
        responses: {
          "200": {
            description: "success",
            content: {
              "application/json": {
                schema: { $ref: "#/components/schemas/App" },
                example: { appId: "1" },
              },
            },
          },
          "400": {
            description: "error",
            content: {
              "application/json": {
                schema: { $ref: "#/components/schemas/Error" },
              },
            },
          },
        },
      },
      put: {
        requestBody: {
          content: {
            "application/json": {
              schema: { $ref: "#/components/schemas/Put" },
            },
          },
        },
        responses: { "200": { description: "success" } },
      },
    },
    "/k/v1/unused.json": { get: { responses: {} } },
  },
  components: {
    schemas: {
      App: {
        type: "object",
        title: "App",
        description: "An app.",
        required: ["appId"],
        properties: {
          appId: { type: "string", description: "The id" },
          description: { type: "string", example: "an app" },
          creator: { $ref: "#/components/schemas/User" },
        },
        "x-internal": true,
      },
      User: {
        oneOf: [
          { type: "null" },
          {
            type: "object",
            properties: { code: { type: "string", title: "code" } },
          },
        ],
      },
      Error: { type: "object" },
      Put: { type: "object" },
    },
  },
};

describe("trimOpenApi", () => {
  const { document, missing } = trimOpenApi(upstream, [
    { method: "GET", api: "app.json" },
    { method: "DELETE", api: "app.json" },
  ]);

  it("keeps only the operations asked for, with parameters and the 200 JSON schema", () => {
    expect(Object.keys(document.paths)).toEqual(["/k/v1/app.json"]);
    expect(document.paths["/k/v1/app.json"]).toEqual({
      get: {
        parameters: [
          {
            name: "id",
            in: "query",
            required: true,
            schema: { type: "integer" },
          },
        ],
        responses: {
          "200": {
            content: {
              "application/json": {
                schema: { $ref: "#/components/schemas/App" },
              },
            },
          },
        },
      },
    });
  });

  it("drops prose and examples but keeps a property that is called description", () => {
    expect(document.components.schemas.App).toEqual({
      type: "object",
      required: ["appId"],
      properties: {
        appId: { type: "string" },
        description: { type: "string" },
        creator: { $ref: "#/components/schemas/User" },
      },
    });
  });

  it("keeps the schemas reached, transitively, and no others", () => {
    expect(Object.keys(document.components.schemas)).toEqual(["App", "User"]);
    expect(document.components.schemas.User).toEqual({
      oneOf: [
        { type: "null" },
        { type: "object", properties: { code: { type: "string" } } },
      ],
    });
  });

  it("names the operations the description lacks, in both path forms", () => {
    expect(missing).toEqual([
      "DELETE /k/v1/app.json",
      "DELETE /k/guest/{guestSpaceId}/v1/app.json",
      "GET /k/guest/{guestSpaceId}/v1/app.json",
    ]);
  });

  it("keeps the source's version", () => {
    expect(document.info).toEqual({
      title: "REST API SPEC",
      version: "20990101000000",
    });
  });
});

describe("the committed contract (sandbox/contract/openapi.yaml)", () => {
  const folder = join(process.cwd(), "sandbox", "contract");
  const text = readFileSync(join(folder, "openapi.yaml"), "utf8");
  const committed = parse(text) as UpstreamDocument;

  it("names its source, version and licence, with the licence text beside it", () => {
    expect(text).toMatch(/github\.com\/kintone\/rest-api-spec/);
    expect(text).toMatch(/info\.version \d{14}/);
    expect(text).toMatch(/Apache License, Version 2\.0/);
    expect(existsSync(join(folder, "LICENSE"))).toBe(true);
    expect(readFileSync(join(folder, "LICENSE"), "utf8")).toMatch(
      /Apache License\s+Version 2\.0/,
    );
  });

  it("is already trimmed: cutting it again for the sandbox's routes changes nothing", () => {
    const operations = allRoutes
      .filter(inOpenApi)
      .map((r) => ({ method: r.method, api: r.api }));
    const again = trimOpenApi(committed, operations);
    expect(again.missing).toEqual([]);
    expect(again.document).toEqual(committed);
  });
});
