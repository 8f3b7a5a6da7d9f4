package org.facelfs.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code data.decode-threads} has one meaning: n threads, or 0 = every core, for every reader. */
class ParallelDecoderTest {

    @Test
    void zeroThreadsMeansEveryCoreAndDecodesOffTheCallingThread() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(cores, ParallelDecoder.threads(0));
        assertEquals(3, ParallelDecoder.threads(3));
        Assumptions.assumeTrue(cores > 1, "needs 2 cores to see a pool");
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<ParallelDecoder.Source> sources = IntStream.range(0, 8).<ParallelDecoder.Source>mapToObj(i -> new ParallelDecoder.Source() {
            @Override
            public String name() {
                return "image " + i;
            }

            @Override
            public byte[] bytes() {
                threads.add(Thread.currentThread().getName());
                return TestImages.png(12, 12, i);
            }
        }).toList();
        List<ParallelDecoder.Result> out = ParallelDecoder.decodeAll(sources,
                Preprocess.resize(new ImageShape(1, 8, 8)), 0);
        assertTrue(out.stream().allMatch(ParallelDecoder.Result::ok));
        // before, 0 meant "in the calling thread" here and "every core" for image folders
        assertEquals(Set.of("facelfs-decode"), threads);
    }
}
