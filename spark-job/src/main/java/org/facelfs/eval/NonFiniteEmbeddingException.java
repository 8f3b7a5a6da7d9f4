package org.facelfs.eval;

/**
 * A model gave a NaN or infinite embedding: its weights diverged even where its training loss stayed finite
 * (huge activations that a batch norm's running variance cannot hold, for one). The trainer marks such a
 * candidate non-finite rather than failed, as it does a non-finite training loss.
 */
public final class NonFiniteEmbeddingException extends ArithmeticException {

    public NonFiniteEmbeddingException(String setName, int image, float value) {
        super(setName + ": the embedding of image " + image + " has the value " + value);
    }
}
