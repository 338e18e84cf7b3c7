"""What every engine backend shares: per-borough index names, nothing indexed elsewhere."""

from .naming import current_borough_schema, in_borough, index_name_for_model


class BoroughIndexMixin:
    def get_index_for_model(self, model):
        # get_search_backend() builds a new backend per call, but the schema is read
        # here, at call time, so a long-lived backend object also stays correct.
        name = index_name_for_model(self.index_prefix, current_borough_schema(), model)
        return self.index_class(self, name)

    # Content saved in the public or template schema (the template's own set-up) has
    # no borough, so it is never indexed; searching there raises NoBoroughForSearch.
    def add(self, obj):
        if in_borough():
            return super().add(obj)

    def add_bulk(self, model, obj_list):
        if in_borough():
            return super().add_bulk(model, obj_list)

    def delete(self, obj):
        if in_borough():
            return super().delete(obj)
