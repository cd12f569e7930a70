// zod → JSON Schema 2020-12 (OpenAPI 3.1's own dialect) with zod 4's native converter. Schemas
// carrying `.meta({ id })` become `components/schemas/<id>` and are referenced, not repeated.
// Requests are described by what the caller sends (`io: "input"`: before transforms and
// defaults), responses by what Trustgate answers (`io: "output"`).
import { z } from "zod";

export type JsonSchema = Record<string, unknown>;
type Io = "input" | "output";

const DEFS_PREFIX = "#/$defs/";
const COMPONENTS_PREFIX = "#/components/schemas/";

function rewriteRefs(value: unknown, names: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, names));
  // `$ref`s and discriminator mappings are the only strings that start with "#/$defs/".
  if (typeof value === "string" && value.startsWith(DEFS_PREFIX)) {
    const id = value.slice(DEFS_PREFIX.length);
    return COMPONENTS_PREFIX + (names.get(id) ?? id);
  }
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rewriteRefs(inner, names)]));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A discriminated union (e.g. the token request on `grant_type`) gets an OpenAPI discriminator. */
function addDiscriminator(ctx: { zodSchema: unknown; jsonSchema: JsonSchema }): void {
  const def = (ctx.zodSchema as z.ZodType)._zod.def as { type: string; discriminator?: string; options?: z.ZodType[] };
  if (def.type !== "union" || !def.discriminator || !def.options) return;
  const mapping: Record<string, string> = {};
  for (const option of def.options) {
    const id = z.globalRegistry.get(option)?.id;
    const shape = (option as z.ZodObject).shape as Record<string, z.ZodType> | undefined;
    const literal = shape?.[def.discriminator];
    const values = literal && "values" in literal._zod ? [...(literal._zod.values as Set<unknown>)] : [];
    if (!id || values.length !== 1 || typeof values[0] !== "string") return;
    mapping[values[0]] = `${DEFS_PREFIX}${id}`;
  }
  ctx.jsonSchema.discriminator = { propertyName: def.discriminator, mapping };
}

/** Collects named schemas for `components/schemas` while converting operation schemas. */
export class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};
  /** Which zod schema owns each `.meta({ id })`: two capabilities must not both name a schema "User". */
  private readonly owners = new Map<string, unknown>();

  private claimId(schema: unknown): void {
    const id = z.globalRegistry.get(schema as z.ZodType)?.id;
    if (!id) return;
    const owner = this.owners.get(id);
    if (owner && owner !== schema) throw new Error(`OpenAPI: two different zod schemas use .meta({ id: "${id}" }); give one another id`);
    this.owners.set(id, schema);
  }

  convert(schema: z.ZodType, io: Io): JsonSchema {
    const json = z.toJSONSchema(schema, {
      target: "draft-2020-12",
      io,
      // Transforms and refinements have no JSON Schema form: they describe what they accept.
      unrepresentable: "any",
      override: (ctx) => {
        this.claimId(ctx.zodSchema);
        addDiscriminator(ctx);
      },
    }) as JsonSchema;
    delete json.$schema;
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
    delete json.$defs;

    // The same id may convert differently as input and as output (defaults, transforms): the
    // second shape gets a suffixed name rather than silently replacing the first.
    const names = new Map(Object.keys(defs).map((id) => [id, id]));
    for (let pass = 0; pass < 3; pass++) {
      let renamed = false;
      for (const [id, def] of Object.entries(defs)) {
        const name = names.get(id)!;
        const existing = this.components[name];
        if (existing && !sameJson(existing, rewriteRefs(def, names))) {
          if (name !== id) throw new Error(`OpenAPI: schema id "${id}" describes two different schemas`);
          names.set(id, `${id}${io === "input" ? "Input" : "Output"}`);
          renamed = true;
        }
      }
      if (!renamed) break;
    }
    for (const [id, def] of Object.entries(defs)) this.components[names.get(id)!] = rewriteRefs(def, names) as JsonSchema;
    return rewriteRefs(json, names) as JsonSchema;
  }
}
