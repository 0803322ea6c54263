-- Indexes for the view tables' look-ups. PostgreSQL only (DuckDB scans with zone maps).
CREATE INDEX view_control_claims_name_idx ON view_control_claims (name_key);
CREATE INDEX view_control_claims_place_idx ON view_control_claims (place_key);
CREATE INDEX view_control_from_idx ON view_control (valid_from);
CREATE INDEX view_control_k1_idx ON view_control (k1);
CREATE INDEX view_control_k2_idx ON view_control (k2);
CREATE INDEX view_fusion_block_idx ON view_fusion (block_id);
CREATE INDEX view_fused_block_idx ON view_fused (block_id);
