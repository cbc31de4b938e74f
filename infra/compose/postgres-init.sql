-- One database and one login role per service (database per service, DESIGN.md §3). The role of each service with an
-- outbox has REPLICATION: its outbox relay reads the outbox through a logical replication slot. Local credentials only.
CREATE ROLE orders LOGIN REPLICATION PASSWORD 'orders';
CREATE DATABASE orders OWNER orders;
CREATE ROLE payments LOGIN REPLICATION PASSWORD 'payments';
CREATE DATABASE payments OWNER payments;
CREATE ROLE inventory LOGIN REPLICATION PASSWORD 'inventory';
CREATE DATABASE inventory OWNER inventory;
CREATE ROLE sagas LOGIN REPLICATION PASSWORD 'sagas';
CREATE DATABASE sagas OWNER sagas;
-- read-model-service: its own database. Its CDC engines log into the three source databases as their owners, as the
-- local runner does (docs/adr/0006-cqrs-read-model-by-cdc.md); on Kubernetes the readmodel login replicates instead.
CREATE ROLE readmodel LOGIN PASSWORD 'readmodel';
CREATE DATABASE readmodel OWNER readmodel;
