"""Launch the Rehearse web app: settings -> services -> Gradio UI -> launch.

The same as `rehearse ui`; host and port come from REHEARSE_HOST / REHEARSE_PORT.
"""

import sys

from rehearsal.errors import RehearseError
from rehearsal.settings import get_settings
from rehearsal.web.launch import launch

if __name__ == "__main__":
    try:
        launch(get_settings())
    except RehearseError as error:
        sys.exit(f"rehearse: {error}")
