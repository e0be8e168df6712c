package org.lmlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmlab.model.llama.SmolLm2Fixture;
import org.lmlab.reference.PythonReference;

/** ChatML formatting against SmolLM2's own chat template (from its GGUF) rendered by jinja2. */
class ChatMlTest {

    static final String RENDER = String.join("\n",
            "import json, sys, gguf, jinja2",
            "r = gguf.GGUFReader(sys.argv[1])",
            "template = r.fields['tokenizer.chat_template'].contents()",
            "messages = json.loads(sys.argv[2])",
            "sys.stdout.write(jinja2.Template(template).render(messages=messages, add_generation_prompt=True))");

    static String render(String messagesJson) throws Exception {
        return PythonReference.run(RENDER, SmolLm2Fixture.gguf().toString(), messagesJson);
    }

    @Test
    void userTurnGetsTheDefaultSystemMessage() throws Exception {
        List<ChatMl.Message> messages = List.of(new ChatMl.Message("user", "What is 2+2?"));
        assertEquals(render("[{\"role\":\"user\",\"content\":\"What is 2+2?\"}]"),
                ChatMl.format(messages, ChatMl.SMOLLM2_SYSTEM, true));
    }

    @Test
    void ownSystemMessageAndSeveralTurns() throws Exception {
        List<ChatMl.Message> messages = List.of(
                new ChatMl.Message("system", "Be brief."),
                new ChatMl.Message("user", "Hi"),
                new ChatMl.Message("assistant", "Hello!"),
                new ChatMl.Message("user", "Name a colour."));
        String json = "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"Hello!\"},{\"role\":\"user\",\"content\":\"Name a colour.\"}]";
        assertEquals(render(json), ChatMl.format(messages, ChatMl.SMOLLM2_SYSTEM, true));
    }
}
