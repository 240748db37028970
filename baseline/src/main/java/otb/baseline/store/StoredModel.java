package otb.baseline.store;

/**
 * A snapshot as stored: decoded, and its model's bytes as written ({@code BaselineCodec}),
 * which never change once written.
 *
 * @param snapshot    the snapshot decoded
 * @param modelFormat the codec's format version the model was written in
 * @param model       the encoded model, byte for byte
 * @param cellsText   the cells definitions stored with it, "" for automatic cells
 */
public record StoredModel(Snapshot snapshot, int modelFormat, byte[] model, String cellsText) {
}
