import type { CodegenConfig } from "@graphql-codegen/cli";

// Types from the served schema (docs/schema.graphql, which CI checks is
// `orgraph schema`): the app's operations (src/, written with graphql())
// and, checked against the same schema, every operation of the README
// (generated/readme/*.graphql, extracted by scripts/readme-operations.mjs).
const config: CodegenConfig = {
  schema: "../docs/schema.graphql",
  generates: {
    "src/gql/": {
      documents: ["src/**/*.tsx", "src/**/*.ts", "!src/gql/**"],
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: "string",
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { ID: "string", Time: "string", Cursor: "string" },
      },
    },
    "generated/readme-operations.ts": {
      documents: ["generated/readme/*.graphql"],
      plugins: ["typescript-operations"],
      config: { enumsAsTypes: true, scalars: { ID: "string", Time: "string", Cursor: "string" } },
    },
  },
};
export default config;
