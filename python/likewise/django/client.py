from django.db.backends.sqlite3 import client as sqlite3_client

import likewise


class DatabaseClient(sqlite3_client.DatabaseClient):
    @classmethod
    def settings_to_cmd_args_env(cls, settings_dict, parameters):
        # manage.py dbshell: the sqlite3 shell with the extension loaded, so that
        # decimal columns (COLLATE DECIMAL) and everything else read as in Django.
        args, env = super().settings_to_cmd_args_env(settings_dict, parameters)
        load = '.load "%s"' % likewise.extension_path(django=True)
        return [args[0], '-cmd', load, *args[1:]], env
