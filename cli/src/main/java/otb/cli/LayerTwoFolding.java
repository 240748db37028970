package otb.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import otb.baseline.model.Asset;
import otb.capture.IpAddress;

/**
 * One device, one entry: a device seen both by its IP address and at layer 2 (LLDP, GOOSE,
 * PROFINET DCP from its own MAC) is two assets in a baseline, one keyed by IP and one by MAC. The
 * inventory and the report's maps show it once, under its IP address; this says which MAC-keyed
 * asset folds into which IP-keyed one. When several IP assets carry the MAC (an IPv4 and an IPv6
 * address of one interface), the lowest address owns it.
 */
public final class LayerTwoFolding {
    /** The address of each folded MAC-keyed asset, to the IP-keyed asset that owns it. */
    private final Map<IpAddress, Asset> owners = new HashMap<>();
    /** The address of each owning IP-keyed asset, to the MAC-keyed assets folded into it, by address. */
    private final Map<IpAddress, List<Asset>> folded = new HashMap<>();

    private LayerTwoFolding() {
    }

    /** The folding of a baseline's assets. */
    public static LayerTwoFolding of(List<Asset> assets) {
        List<Asset> sorted = new ArrayList<>(assets);
        sorted.sort((a, b) -> a.address().compareTo(b.address()));
        Map<Long, Asset> ownerOfMac = new HashMap<>();
        for (Asset asset : sorted) {
            if (!asset.address().isMac()) {
                for (long mac : asset.macs()) {
                    ownerOfMac.putIfAbsent(mac, asset);
                }
            }
        }
        LayerTwoFolding folding = new LayerTwoFolding();
        for (Asset asset : sorted) {
            Asset owner = asset.address().isMac() ? ownerOfMac.get(asset.address().macBits()) : null;
            if (owner != null) {
                folding.owners.put(asset.address(), owner);
                folding.folded.computeIfAbsent(owner.address(), a -> new ArrayList<>()).add(asset);
            }
        }
        return folding;
    }

    /** The IP-keyed asset a MAC-keyed address folds into; empty for any other address. */
    public Optional<Asset> owner(IpAddress address) {
        return Optional.ofNullable(owners.get(address));
    }

    /** The address a device is shown under: its owner's for a folded MAC-keyed asset, else itself. */
    public IpAddress shown(IpAddress address) {
        Asset owner = owners.get(address);
        return owner == null ? address : owner.address();
    }

    /** The MAC-keyed assets folded into the asset at {@code address}, by address; empty when none. */
    public List<Asset> foldedInto(IpAddress address) {
        return folded.getOrDefault(address, List.of());
    }
}
