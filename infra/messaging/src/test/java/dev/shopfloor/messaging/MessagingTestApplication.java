package dev.shopfloor.messaging;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A bare application that has nothing but the messaging library, for its integration tests. */
@SpringBootApplication
class MessagingTestApplication {}
