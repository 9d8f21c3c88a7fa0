package vpn.service.chat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What a typed line means. */
class UserInputTest {

    @Test
    void linesAndCommands() {
        assertEquals(new UserInput.Say("hello /list"), UserInput.parse("hello /list"));
        assertEquals(new UserInput.Say("/list"), UserInput.parse("//list"));
        assertEquals(new UserInput.Nothing(), UserInput.parse(""));
        assertEquals(new UserInput.Say(" "), UserInput.parse(" "));
        assertEquals(new UserInput.ListUsers(), UserInput.parse("/list"));
        assertEquals(new UserInput.Send("bob", "hello  there "), UserInput.parse("/send  bob hello  there "));
        assertEquals(new UserInput.Misused("/send USER MESSAGE"), UserInput.parse("/send bob"));
        assertEquals(new UserInput.Misused("/send USER MESSAGE"), UserInput.parse("/send bob "));
        assertEquals(new UserInput.Whois("bob"), UserInput.parse("/whois bob"));
        assertEquals(new UserInput.Misused("/whois USER"), UserInput.parse("/whois bob carol"));
        assertEquals(new UserInput.Quit(), UserInput.parse("/quit"));
        assertEquals(new UserInput.Help(), UserInput.parse("/help"));
        assertEquals(new UserInput.Unknown("/sned"), UserInput.parse("/sned bob hi"));
        assertEquals(new UserInput.Unknown("/"), UserInput.parse("/"));
    }
}
