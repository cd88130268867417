// Package schema is Orgraph's ent schema: one file per entity, mixins for
// what entities share.
//
// Foreign keys are strict everywhere: an optional edge (a nullable column)
// is annotated ON DELETE NO ACTION, because ent would otherwise make it
// SET NULL, a database-level action that skips hooks and privacy. Deleting
// a row that others still reference fails; the hooks of internal/hooks
// remove children first, set-based.
package schema
