package io.tandem.common.ops;

import com.fasterxml.jackson.databind.JsonNode;

/** One Kea-style control command. */
public interface ControlCommand {
    /**
     * Runs the command.
     *
     * @param arguments the request's {@code arguments}, an empty object when it has none
     * @throws ControlResult.BadArguments when an argument is missing or wrong (answered with result 1)
     */
    ControlResult run(JsonNode arguments) throws ControlResult.BadArguments;

    /** Whether the command changes the server's state (reload, shutdown): refused when nobody can authenticate. */
    default boolean changesState() {
        return false;
    }

    static ControlCommand changingState(ControlCommand command) {
        return new ControlCommand() {
            @Override
            public ControlResult run(JsonNode arguments) throws ControlResult.BadArguments {
                return command.run(arguments);
            }

            @Override
            public boolean changesState() {
                return true;
            }
        };
    }
}
