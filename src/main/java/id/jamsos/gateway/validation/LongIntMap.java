package id.jamsos.gateway.validation;

import java.util.Arrays;

/**
 * A map from non-negative long to int with open addressing and linear probing.
 *
 * <p>Written here because a million NIKs as {@code HashMap<String, Integer>} cost well over
 * 100 MB, while two primitive arrays cost about 24 MB at the same size.
 */
public final class LongIntMap {

    private static final long EMPTY = -1L;
    private static final double MAX_LOAD = 0.6;

    private long[] keys;
    private int[] values;
    private int size;
    private int resizeAt;

    public LongIntMap() {
        this(1024);
    }

    public LongIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, (int) Math.min(1 << 30, expected / MAX_LOAD)) - 1) << 1;
        allocate(capacity);
    }

    /** The value for the key, or {@code missing} when the key is absent. */
    public int get(long key, int missing) {
        checkKey(key);
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == EMPTY) {
                return missing;
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
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == EMPTY) {
                keys[i] = key;
                values[i] = value;
                if (++size > resizeAt) {
                    grow();
                }
                return missing;
            }
        }
    }

    public int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(oldKeys.length << 1);
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            long k = oldKeys[j];
            if (k != EMPTY) {
                int i = slot(k, mask);
                while (keys[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                values[i] = oldValues[j];
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        values = new int[capacity];
        resizeAt = (int) (capacity * MAX_LOAD);
    }

    private static int slot(long key, int mask) {
        // NIKs share long prefixes and end in small serials: mix the bits before masking.
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private static void checkKey(long key) {
        if (key < 0) {
            throw new IllegalArgumentException("keys must be non-negative");
        }
    }
}
