-- Issue 18 (partner-API half): the partner's own user id per client, and the Cotter event's
-- numeric ID beside the login request's UUID.

-- A partner names its user with client_user_id on the UserIntent (unique per client); once the
-- intent is converted, POST /v1/login_requests accepts it as `identifier`.
ALTER TABLE "user_intents" ADD COLUMN "client_user_id" TEXT;
CREATE UNIQUE INDEX "user_intents_client_id_client_user_id_key" ON "user_intents"("client_id", "client_user_id");

-- Cotter's event `ID` is an integer: a sequence beside the UUID primary key.
ALTER TABLE "login_requests" ADD COLUMN "number" BIGSERIAL NOT NULL;
CREATE UNIQUE INDEX "login_requests_number_key" ON "login_requests"("number");
