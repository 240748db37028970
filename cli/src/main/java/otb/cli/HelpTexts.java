package otb.cli;

import java.util.ListResourceBundle;
import otb.dissect.Protocols;

/**
 * What help texts say of the registered protocols, for picocli's {@code ${bundle:KEY}}
 * interpolation: a new protocol appears in every help text without an edit here.
 */
public final class HelpTexts extends ListResourceBundle {
    @Override
    protected Object[][] getContents() {
        return new Object[][] {
                {"otb.protocol.names", Protocols.wireNames()},
                {"otb.protocol.labels", Protocols.labels()},
        };
    }
}
