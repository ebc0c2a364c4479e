CREATE TABLE IF NOT EXISTS sessions (
  hash VARBINARY(64) NOT NULL,
  company_id VARBINARY(64) NOT NULL,
  user_id VARBINARY(64) NOT NULL,
  method VARBINARY(32) NOT NULL,
  created_at DATETIME(3) NOT NULL,
  last_seen_at DATETIME(3) NOT NULL,
  expires_at DATETIME(3) NOT NULL,
  PRIMARY KEY (hash),
  KEY ix_sessions_user (company_id, user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
