CREATE TABLE IF NOT EXISTS audit_log (
  company_id VARBINARY(64) NOT NULL,
  id VARBINARY(64) NOT NULL,
  at DATETIME(3) NOT NULL,
  actor_kind VARBINARY(32) NOT NULL,
  actor_id VARBINARY(512) NOT NULL,
  actor_name TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  action VARBINARY(255) NOT NULL,
  target_kind VARBINARY(64) NOT NULL,
  target_id VARBINARY(512) NOT NULL,
  target_name TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  details LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  request_id BLOB NOT NULL,
  PRIMARY KEY (company_id, id),
  KEY ix_audit_action (company_id, action, id),
  KEY ix_audit_actor (company_id, actor_id, id),
  KEY ix_audit_target (company_id, target_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
