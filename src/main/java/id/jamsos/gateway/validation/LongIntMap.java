package id.jamsos.gateway.validation;

import java.util.Arrays;

/**
 * A map from non-negative long to int: open addressing with linear probing over a compact table.
 *
 * <p>Written here because a million NIKs as {@code HashMap<String, Integer>} cost well over
 * 100 MB, while this costs about 21 MB at the same size.
 *
 * <p>Keys and values are kept in insertion order in two plain arrays; the hash table holds one int
 * per slot: the entry's position in those arrays and a few bits of its hash (a fingerprint).
 *
 * <p>Built for the duplicate check of a large file, where nearly every key is new and arrives in
 * random order: a probe of a table of several megabytes is a cache (and TLB) miss, and a miss
 * stalls the CPU when the answer is needed at once. So a new key is first looked up in a small
 * Bloom filter (one bit pair per key in a 64-bit word, about 1 byte per key, mostly in the CPU
 * cache): when it says "never seen", the key is only noted as pending. Pending keys enter the
 * table in batches of {@link #BATCH}, in a short loop whose misses the CPU overlaps; until then a
 * small index over them answers lookups. Only keys the filter cannot rule out (real duplicates and
 * a few percent of false alarms) probe the table on the spot.
 */
public final class LongIntMap {

    private static final double MAX_LOAD = 0.6;
    /** Up to 2^24 - 1 entries the fingerprint has 8 bits; past that the position takes all 31. */
    private static final int COMPACT_POSITION_BITS = 24;
    private static final int WIDE_POSITION_BITS = 31;
    static final int BATCH = 1024;
    /** Slots of the index over pending keys: 4 x BATCH keeps its probes short. */
    private static final int PENDING_SLOTS = 4 * BATCH;

    /** 0 for an empty slot, else {@code fingerprint << positionBits | (position + 1)}. */
    private int[] table;
    private long[] keys;
    private int[] values;
    private int size;
    /** Entries [0, inTable) are in the table; [inTable, size) are pending. */
    private int inTable;
    private int resizeAt;
    private int positionBits;
    /** Bloom filter over every key added, one 64-bit word per lookup, about 8 bits per key. */
    private long[] filter;
    /** Index over the pending entries: position + 1, 0 for empty; cleared when they enter the table. */
    private final int[] pending = new int[PENDING_SLOTS];

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
        filter = new long[Math.max(1, capacity / 16)];
    }

    /** The value for the key, or {@code missing} when the key is absent. */
    public int get(long key, int missing) {
        checkKey(key);
        long mix = mix(key);
        if (!mayContain(mix)) {
            return missing;
        }
        int p = findPending(key, mix);
        if (p < 0) {
            p = findInTable(key, mix);
        }
        return p < 0 ? missing : values[p];
    }

    /**
     * Stores the value only when the key is absent.
     *
     * @return the value already stored for the key, or {@code missing} when it was inserted now
     */
    public int putIfAbsent(long key, int value, int missing) {
        checkKey(key);
        long mix = mix(key);
        if (mayContain(mix)) {
            int p = findPending(key, mix);
            if (p < 0) {
                p = findInTable(key, mix);
            }
            if (p >= 0) {
                return values[p];
            }
        }
        add(key, value, mix);
        return missing;
    }

    public int size() {
        return size;
    }

    private void add(long key, int value, long mix) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, Math.min(resizeAt + 1, keys.length * 2));
            values = Arrays.copyOf(values, keys.length);
        }
        keys[size] = key;
        values[size] = value;
        size++;
        addToFilter(mix);
        if (size == (1 << positionBits) - 1) {
            rebuild(table.length, WIDE_POSITION_BITS);
        } else if (size > resizeAt) {
            rebuild(table.length * 2, positionBits);
        } else if (size - inTable == BATCH) {
            flushPending();
        } else {
            int mask = PENDING_SLOTS - 1;
            int i = (int) (mix >>> 20) & mask;
            while (pending[i] != 0) {
                i = (i + 1) & mask;
            }
            pending[i] = size;
        }
    }

    /** Position of a pending key, or -1. */
    private int findPending(long key, long mix) {
        int mask = PENDING_SLOTS - 1;
        for (int i = (int) (mix >>> 20) & mask; ; i = (i + 1) & mask) {
            int e = pending[i];
            if (e == 0) {
                return -1;
            }
            if (keys[e - 1] == key) {
                return e - 1;
            }
        }
    }

    /** Position of a key already in the table, or -1. */
    private int findInTable(long key, long mix) {
        int fingerprint = fingerprint(mix);
        int mask = table.length - 1;
        for (int i = slot(mix, mask); ; i = (i + 1) & mask) {
            int e = table[i];
            if (e == 0) {
                return -1;
            }
            if (e >>> positionBits == fingerprint && keys[position(e)] == key) {
                return position(e);
            }
        }
    }

    /** The pending entries into the table: independent probes in a short loop, so their misses overlap. */
    private void flushPending() {
        int mask = table.length - 1;
        for (int p = inTable; p < size; p++) {
            long mix = mix(keys[p]);
            int i = slot(mix, mask);
            while (table[i] != 0) {
                i = (i + 1) & mask;
            }
            table[i] = fingerprint(mix) << positionBits | (p + 1);
        }
        inTable = size;
        Arrays.fill(pending, 0);
    }

    /** A new table of {@code capacity} slots, filled from every entry in insertion order. */
    private void rebuild(int capacity, int newPositionBits) {
        positionBits = newPositionBits;
        if (capacity != table.length) {
            table = new int[capacity];
            resizeAt = (int) (capacity * MAX_LOAD);
            filter = new long[Math.max(1, capacity / 16)];
            for (int p = 0; p < size; p++) {
                addToFilter(mix(keys[p]));
            }
        } else {
            Arrays.fill(table, 0);
        }
        inTable = 0;
        flushPending();
    }

    private boolean mayContain(long mix) {
        long f = filterHash(mix);
        long bits = filterBits(f);
        return (filter[filterWord(f)] & bits) == bits;
    }

    private void addToFilter(long mix) {
        long f = filterHash(mix);
        filter[filterWord(f)] |= filterBits(f);
    }

    /** A second hash for the filter, so that its bits do not follow the table slot's. */
    private static long filterHash(long mix) {
        return mix * 0xC2B2AE3D27D4EB4FL;
    }

    private int filterWord(long f) {
        return (int) (f >>> 38) & (filter.length - 1);
    }

    /** Two bits of the word (a shift uses only the low 6 bits of its distance). */
    private static long filterBits(long f) {
        return (1L << (f >>> 20)) | (1L << (f >>> 26));
    }

    private int position(int entry) {
        return (entry & ((1 << positionBits) - 1)) - 1;
    }

    private static long mix(long key) {
        // NIKs share long prefixes and end in small serials: mix the bits before masking.
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
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
