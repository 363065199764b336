package io.llmrouter.application.models;

import static java.util.Objects.requireNonNull;

import io.llmrouter.application.datastore.Datastore;
import java.util.List;

/** The model names clients may ask for: every route's model name and LoRA adapter names, sorted. */
public final class ListModels {

    private final Datastore datastore;

    public ListModels(Datastore datastore) {
        this.datastore = requireNonNull(datastore, "'datastore' must not be null");
    }

    public List<String> list() {
        return datastore.snapshot().routes().servedModelNames();
    }
}
