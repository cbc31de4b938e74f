-- One database and one login role per service (database per service, DESIGN.md §3). Each role has REPLICATION:
-- its outbox relay reads the service's outbox through a logical replication slot. Local credentials only.
CREATE ROLE orders LOGIN REPLICATION PASSWORD 'orders';
CREATE DATABASE orders OWNER orders;
CREATE ROLE payments LOGIN REPLICATION PASSWORD 'payments';
CREATE DATABASE payments OWNER payments;
CREATE ROLE inventory LOGIN REPLICATION PASSWORD 'inventory';
CREATE DATABASE inventory OWNER inventory;
CREATE ROLE sagas LOGIN REPLICATION PASSWORD 'sagas';
CREATE DATABASE sagas OWNER sagas;
-- read-model-service (not there yet): its own database, and the login its CDC engines will replicate with.
CREATE ROLE readmodel LOGIN REPLICATION PASSWORD 'readmodel';
CREATE DATABASE readmodel OWNER readmodel;
