package id.jamsos.gateway.notify;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.ledger.NotificationLedger.Due;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.whatsapp.model.Component;
import org.apache.camel.component.whatsapp.model.Language;
import org.apache.camel.component.whatsapp.model.MessageResponse;
import org.apache.camel.component.whatsapp.model.Parameter;
import org.apache.camel.component.whatsapp.model.TemplateMessage;
import org.apache.camel.component.whatsapp.model.TemplateMessageRequest;

/**
 * A notification as the WhatsApp Cloud API's template message, for camel-whatsapp's producer: the template's
 * name and language, its body parameters in order. Outside the 24-hour reply window only such approved
 * templates may be sent (docs/notifications.md).
 */
public final class WhatsAppMessages {

    /** The request for the notification being sent (read from the property: a retry builds it again). */
    public TemplateMessageRequest request(@ExchangeProperty(Headers.NOTIFICATION) Due due) {
        TemplateMessageRequest request = new TemplateMessageRequest();
        request.setMessagingProduct("whatsapp");
        request.setRecipientType("individual");
        // The Cloud API takes the number in international form without the plus.
        request.setTo(due.phone().startsWith("+") ? due.phone().substring(1) : due.phone());
        request.setType("template");
        TemplateMessage template = new TemplateMessage();
        template.setName(due.template());
        Language language = new Language();
        language.setCode(NotificationTemplates.LANGUAGE);
        language.setPolicy("deterministic");
        template.setLanguage(language);
        Component body = new Component();
        body.setType("body");
        List<Parameter> params = new ArrayList<>();
        for (String value : due.params()) {
            Parameter p = new Parameter();
            p.setType("text");
            p.setText(value);
            params.add(p);
        }
        body.setParameters(params);
        template.setComponents(List.of(body));
        request.setTemplate(template);
        return request;
    }

    /** The wamid of the accepted message; an answer without one is not an acceptance. */
    public String messageId(MessageResponse answer) {
        if (answer == null || answer.getMessages() == null || answer.getMessages().isEmpty()
                || answer.getMessages().get(0).getId() == null) {
            throw new NotifyPermanentException("WhatsApp answered without a message id");
        }
        return answer.getMessages().get(0).getId();
    }
}
