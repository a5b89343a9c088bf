// StrokeKG graph schema. Applied at every start; every statement is idempotent (IF NOT EXISTS).
// See SCHEMA.md for the node and relationship types these support.

// Every concept is an :Entity with a stable application id (never Neo4j's internal id).
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE;
// Canonical names are looked up by the explorer and by curators.
CREATE INDEX entity_name IF NOT EXISTS FOR (e:Entity) ON (e.name);
CREATE INDEX entity_type IF NOT EXISTS FOR (e:Entity) ON (e.type);
// Matching keys: the normalised name and aliases (t2s, NFKC, case-folded), used by entity resolution.
CREATE INDEX entity_keys IF NOT EXISTS FOR (e:Entity) ON (e.keys);

// A batch is one curator load (or merge): provenance and the unit of undo.
CREATE CONSTRAINT batch_id IF NOT EXISTS FOR (b:Batch) REQUIRE b.id IS UNIQUE;
CREATE INDEX batch_created IF NOT EXISTS FOR (b:Batch) ON (b.createdAt);

// Passages are stored in the graph (the system of record) and indexed by Lucene.
CREATE CONSTRAINT passage_id IF NOT EXISTS FOR (p:Passage) REQUIRE p.id IS UNIQUE;

// The audit trail: one :AuditEvent per curator write (load, undo, merge…), newest first.
CREATE CONSTRAINT audit_id IF NOT EXISTS FOR (a:AuditEvent) REQUIRE a.id IS UNIQUE;
CREATE INDEX audit_at IF NOT EXISTS FOR (a:AuditEvent) ON (a.at);
