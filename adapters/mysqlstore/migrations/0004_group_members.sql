CREATE TABLE IF NOT EXISTS group_members (
  company_id VARBINARY(64) NOT NULL,
  group_id VARBINARY(64) NOT NULL,
  user_id VARBINARY(64) NOT NULL,
  added_at DATETIME(3) NOT NULL,
  PRIMARY KEY (company_id, group_id, user_id),
  KEY ix_group_members_user (company_id, user_id, group_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
