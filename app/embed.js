// For intranet pages that embed a Qadam board: fits each Qadam iframe to its board's height.
// Include once per page: <script src="https://qadam.example/embed.js" async></script>
window.addEventListener("message", function (event) {
  var height = event.data && event.data.qadamHeight;
  if (typeof height !== "number") return;
  var frames = document.getElementsByTagName("iframe");
  for (var i = 0; i < frames.length; i++) {
    if (frames[i].contentWindow === event.source) {
      frames[i].style.height = Math.ceil(height) + "px";
    }
  }
});
