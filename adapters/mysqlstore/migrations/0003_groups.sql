CREATE TABLE IF NOT EXISTS user_groups (
  company_id VARBINARY(64) NOT NULL,
  id VARBINARY(64) NOT NULL,
  display_name VARCHAR(1024) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  name_key VARBINARY(1024) NOT NULL,
  external_id VARBINARY(1024) NOT NULL,
  managed_by_okta BOOLEAN NOT NULL,
  okta_changed_at DATETIME(3) NULL,
  skipped_member_ids TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  version BIGINT NOT NULL,
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  PRIMARY KEY (company_id, id),
  UNIQUE KEY uq_groups_name (company_id, name_key),
  KEY ix_groups_external_id (company_id, external_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
