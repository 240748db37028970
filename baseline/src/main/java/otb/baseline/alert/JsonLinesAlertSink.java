package otb.baseline.alert;

import java.io.IOException;
import java.io.Writer;
import otb.capture.IoErrors;

/** Writes each alert as one JSON line ({@link Alert#fields()}) to a writer it does not own. */
public final class JsonLinesAlertSink implements AlertSink {
    private final Writer out;

    public JsonLinesAlertSink(Writer out) {
        this.out = out;
    }

    @Override
    public void accept(Alert alert) throws AlertSinkException {
        try {
            out.write(alert.jsonLine());
            out.write('\n');
        } catch (IOException e) {
            throw new AlertSinkException("cannot write alert: " + IoErrors.reason(e), e);
        }
    }

    @Override
    public void flush() throws AlertSinkException {
        try {
            out.flush();
        } catch (IOException e) {
            throw new AlertSinkException("cannot write alerts: " + IoErrors.reason(e), e);
        }
    }
}
