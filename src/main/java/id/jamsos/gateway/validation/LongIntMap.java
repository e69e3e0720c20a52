package id.jamsos.gateway.validation;

import java.util.Arrays;

/**
 * A map from non-negative long to int: open addressing with linear probing over a compact table.
 *
 * <p>Written here because a million NIKs as {@code HashMap<String, Integer>} cost well over
 * 100 MB, while this costs about 23 MB at the same size.
 *
 * <p>Keys and values are kept in insertion order in two plain arrays; the hash table itself holds
 * one int per slot: the entry's position in those arrays and a few bits of its hash (a
 * fingerprint). A million NIKs arrive in random order, so nearly every insert lands on a slot that
 * is not in any CPU cache; with 4 bytes per slot instead of 12 that probe touches a table a third
 * the size, and an occupied slot whose fingerprint differs is passed without reading its key.
 */
public final class LongIntMap {

    private static final double MAX_LOAD = 0.6;
    /** Up to 2^24 - 1 entries the fingerprint has 8 bits; past that the position takes all 31. */
    private static final int COMPACT_POSITION_BITS = 24;
    private static final int WIDE_POSITION_BITS = 31;

    /** 0 for an empty slot, else {@code fingerprint << positionBits | (position + 1)}. */
    private int[] table;
    private long[] keys;
    private int[] values;
    private int size;
    private int resizeAt;
    private int positionBits;

    public LongIntMap() {
        this(1024);
    }

    public LongIntMap(int expected) {
        this(expected, COMPACT_POSITION_BITS);
    }

    /** For tests: a small {@code positionBits} reaches the widening of the table with a few entries. */
    LongIntMap(int expected, int positionBits) {
        this.positionBits = positionBits;
        int capacity = Integer.highestOneBit(Math.max(16, (int) Math.min(1 << 30, expected / MAX_LOAD)) - 1) << 1;
        table = new int[capacity];
        resizeAt = (int) (capacity * MAX_LOAD);
        keys = new long[Math.max(16, Math.min(resizeAt, expected))];
        values = new int[keys.length];
    }

    /** The value for the key, or {@code missing} when the key is absent. */
    public int get(long key, int missing) {
        checkKey(key);
        long mix = mix(key);
        int fingerprint = fingerprint(mix);
        int mask = table.length - 1;
        for (int i = slot(mix, mask); ; i = (i + 1) & mask) {
            int e = table[i];
            if (e == 0) {
                return missing;
            }
            if (e >>> positionBits == fingerprint && keys[position(e)] == key) {
                return values[position(e)];
            }
        }
    }

    /**
     * Stores the value only when the key is absent.
     *
     * @return the value already stored for the key, or {@code missing} when it was inserted now
     */
    public int putIfAbsent(long key, int value, int missing) {
        checkKey(key);
        if (size == (1 << positionBits) - 1) {
            rebuild(table.length, WIDE_POSITION_BITS);
        }
        long mix = mix(key);
        int fingerprint = fingerprint(mix);
        int mask = table.length - 1;
        for (int i = slot(mix, mask); ; i = (i + 1) & mask) {
            int e = table[i];
            if (e == 0) {
                if (size == keys.length) {
                    keys = Arrays.copyOf(keys, Math.min(resizeAt + 1, keys.length * 2));
                    values = Arrays.copyOf(values, keys.length);
                }
                keys[size] = key;
                values[size] = value;
                table[i] = fingerprint << positionBits | (size + 1);
                if (++size > resizeAt) {
                    rebuild(table.length * 2, positionBits);
                }
                return missing;
            }
            if (e >>> positionBits == fingerprint && keys[position(e)] == key) {
                return values[position(e)];
            }
        }
    }

    public int size() {
        return size;
    }

    /** A new table of {@code capacity} slots, filled from the entries in insertion order. */
    private void rebuild(int capacity, int newPositionBits) {
        positionBits = newPositionBits;
        table = new int[capacity];
        resizeAt = (int) (capacity * MAX_LOAD);
        int mask = capacity - 1;
        for (int p = 0; p < size; p++) {
            long mix = mix(keys[p]);
            int i = slot(mix, mask);
            while (table[i] != 0) {
                i = (i + 1) & mask;
            }
            table[i] = fingerprint(mix) << positionBits | (p + 1);
        }
    }

    private int position(int entry) {
        return (entry & ((1 << positionBits) - 1)) - 1;
    }

    private static long mix(long key) {
        // NIKs share long prefixes and end in small serials: mix the bits before masking.
        return key * 0x9E3779B97F4A7C15L;
    }

    private static int slot(long mix, int mask) {
        return (int) (mix ^ (mix >>> 32)) & mask;
    }

    /** The top bits of the mix, which the slot (low bits) does not use. */
    private int fingerprint(long mix) {
        return (int) (mix >>> (64 - (32 - positionBits)));
    }

    private static void checkKey(long key) {
        if (key < 0) {
            throw new IllegalArgumentException("keys must be non-negative");
        }
    }
}
