#!/usr/bin/python3
"""Serves one prepared Tryton database over JSON-RPC on a free loopback port.

Prints "LISTENING <port> <database>" on stdout once the server accepts connections, then
serves until SIGTERM or SIGINT. The port is taken by binding port 0 here and handing the
socket to Werkzeug, so there is no window in which another process can take it.

Usage: serve.py --dir DIR --database NAME [--remove-dir-on-exit]
  DIR holds NAME.sqlite; trytond.conf is written there.
"""
import argparse
import logging
import os
import shutil
import signal
import socket
import sys
import warnings

# As in prepare_database.py: filters that trytond.report cannot reset. Also muted: Werkzeug
# wraps our listening socket and drops the one it made itself without closing it.
warnings.filterwarnings('ignore', category=DeprecationWarning)
warnings.filterwarnings('ignore', message='Unable to ', category=UserWarning)
warnings.filterwarnings('ignore', category=ResourceWarning)
warnings.resetwarnings = lambda: None
import passlib.hash  # noqa: E402,F401


def write_config(directory):
    path = os.path.join(directory, 'trytond.conf')
    with open(path, 'w') as conf:
        conf.write('[database]\nuri = sqlite://\npath = %s\n' % directory)
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--dir', required=True)
    parser.add_argument('--database', required=True)
    parser.add_argument('--remove-dir-on-exit', action='store_true')
    args = parser.parse_args()
    directory = os.path.abspath(args.dir)
    try:
        return serve(directory, args.database)
    finally:
        if args.remove_dir_on_exit:
            shutil.rmtree(directory, ignore_errors=True)


def serve(directory, database):
    # Werkzeug logs every request at INFO; the worker logs failed tasks (gotcha 1) at CRITICAL.
    logging.basicConfig(level=logging.WARNING, format='trytond: %(levelname)s %(name)s %(message)s')
    logging.getLogger('werkzeug').setLevel(logging.WARNING)
    from trytond.config import config
    config.update_etc(write_config(directory))
    from trytond.pool import Pool
    from trytond.wsgi import app
    from werkzeug.serving import make_server

    Pool.start()
    Pool(database).init()

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(('127.0.0.1', 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    server = make_server('127.0.0.1', port, app, threaded=True, fd=listener.fileno())

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print('LISTENING %d %s' % (port, database), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == '__main__':
    code = main()
    sys.stdout.flush()
    # Skip the interpreter's shutdown, which waits for trytond's and Werkzeug's threads: the
    # database is closed and the directory removed already.
    os._exit(code)
