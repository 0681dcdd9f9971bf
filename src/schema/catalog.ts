/** What a listing of scenarios shows of each: the one definition of a catalog entry (the API documents it, the catalog builds it). */
import { Type, type Static } from '@sinclair/typebox';

/** What a listing shows of a scenario's target. */
export const ListedTarget = Type.Object({ id: Type.String(), year: Type.Integer(), scope: Type.String(), value: Type.Number(), label: Type.Optional(Type.String()) });
export type ListedTarget = Static<typeof ListedTarget>;

/** A bundled scenario, or the latest version of a saved one, without its body. */
export const CatalogEntry = Type.Object({
  id: Type.String(),
  title: Type.String(),
  source: Type.Union([Type.Literal('bundled'), Type.Literal('saved')]),
  version: Type.Union([Type.Integer(), Type.Null()], { description: 'a saved scenario\'s latest version; null for a bundled one' }),
  baseYear: Type.Integer(),
  endYear: Type.Integer(),
  // read-only: entries are made from kept scenarios' own lists
  targets: Type.Unsafe<readonly ListedTarget[]>(Type.Array(ListedTarget)),
  updatedAt: Type.Union([Type.String(), Type.Null()], { description: 'when the saved version was made; null for a bundled one' }),
});
export type CatalogEntry = Static<typeof CatalogEntry>;
