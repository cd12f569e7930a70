-- Every change to a client row tells each Trustgate instance to drop its cached copy
-- (lib/clients/client-cache.ts): NOTIFY is delivered when the changing transaction commits.
CREATE OR REPLACE FUNCTION trustgate_client_changed() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('trustgate_client_changed', COALESCE(NEW.id, OLD.id));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER clients_changed
  AFTER UPDATE OR DELETE ON "clients"
  FOR EACH ROW EXECUTE FUNCTION trustgate_client_changed();
