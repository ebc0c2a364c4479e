CREATE TABLE IF NOT EXISTS api_tokens (
  company_id VARBINARY(64) NOT NULL,
  id VARBINARY(64) NOT NULL,
  name VARCHAR(1024) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  scope VARBINARY(32) NOT NULL,
  prefix VARBINARY(64) NOT NULL,
  hash VARBINARY(64) NOT NULL,
  created_by VARBINARY(64) NOT NULL,
  created_at DATETIME(3) NOT NULL,
  last_used_at DATETIME(3) NULL,
  revoked_at DATETIME(3) NULL,
  PRIMARY KEY (company_id, id),
  UNIQUE KEY uq_tokens_hash (hash),
  KEY ix_tokens_creator (company_id, created_by, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
