package org.facelfs.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageOpsTest {

    @Test
    void flipsEachRowOfEachChannel() {
        // 3 channels, 2 rows, 3 columns; value = 100 c + 10 y + x
        float[] img = {0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112, 200, 201, 202, 210, 211, 212};
        float[] copy = img.clone();
        float[] flipped = ImageOps.flipHorizontal(img, new ImageShape(3, 2, 3));
        assertArrayEquals(new float[] {2, 1, 0, 12, 11, 10, 102, 101, 100, 112, 111, 110, 202, 201, 200, 212, 211, 210},
                flipped);
        assertArrayEquals(copy, img, "input unchanged");
    }

    @Test
    void flippingTwiceIsTheIdentityAndOddWidthsKeepTheMiddleColumn() {
        ImageShape shape = new ImageShape(3, 5, 7);
        float[] img = new float[shape.length()];
        Random r = new Random(1);
        for (int i = 0; i < img.length; i++) {
            img[i] = r.nextFloat();
        }
        float[] once = ImageOps.flipHorizontal(img, shape);
        assertArrayEquals(img, ImageOps.flipHorizontal(once, shape));
        for (int row = 0; row < 15; row++) {
            assertArrayEquals(new float[] {img[row * 7 + 3]}, new float[] {once[row * 7 + 3]});
        }
    }

    @Test
    void wrongLengthIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ImageOps.flipHorizontal(new float[5], new ImageShape(1, 2, 2)));
    }

}
