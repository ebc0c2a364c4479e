CREATE TABLE IF NOT EXISTS integrations (
  company_id VARBINARY(64) NOT NULL,
  domain VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  domain_key VARBINARY(255) NOT NULL,
  client_id VARCHAR(1024) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  login_domain VARCHAR(1024) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  issuer VARBINARY(1024) NOT NULL,
  secret_sealed BLOB NULL,
  sso_only BOOLEAN NOT NULL,
  discovery_status VARBINARY(32) NOT NULL,
  discovery_message TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  discovery_metadata MEDIUMBLOB NULL,
  version BIGINT NOT NULL,
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  PRIMARY KEY (company_id),
  UNIQUE KEY uq_integrations_domain (domain_key),
  KEY ix_integrations_issuer (issuer)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
