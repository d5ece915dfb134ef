// The in-app video call of a session: WebRTC between the two browsers, signalling over
// /ws/calls/<session_id>/ (protocol in docs/calls.md). Nothing is recorded: sound and picture go from
// browser to browser; the server only passes the offer, the answer and the network candidates along.
//
// The supporter's browser makes the offer each time both people are there; the member's answers. Every
// offer starts a fresh RTCPeerConnection with its own `gen`, so candidates of an older attempt are ignored.

const config = JSON.parse(document.getElementById("call-config").textContent);
const words = JSON.parse(document.getElementById("call-words").textContent);
const stage = document.querySelector("[data-call-stage]");
const remoteVideo = document.getElementById("remote-video");
const localVideo = document.getElementById("local-video");
const statusLine = document.getElementById("call-status");
const notice = document.getElementById("call-notice");
const muteButton = document.getElementById("call-mute");
const cameraButton = document.getElementById("call-camera");
const hangUpButton = document.getElementById("call-hang-up");

const isOfferer = config.me === config.offerer;
const CLOSE_FOR_GOOD = { 4000: "elsewhere", 4401: "signed_out", 4403: "no_access", 4409: "not_open" };
const STATS_EVERY = 3000; // ms between looks at the connection's quality
const PING_EVERY = 20000; // the server counts a connection silent for 60 s as gone

let socket = null;
let retryDelay = 500;
let pingTimer = null;
let statsTimer = null;
let pc = null;
let gen = 0;
let pending = []; // candidates that came before their description: [gen, candidate]
let localStream = new MediaStream();
let remoteStream = new MediaStream();
let cameraOn = true;
let muted = false;
let audioOnly = false; // video paused because the connection is poor
let poorChecks = 0;
let goodChecks = 0;
let lastVideoIn = null;
let ended = false;

function say(key, node = statusLine) {
  node.textContent = (words[key] || "").replace("%(name)s", config.other);
}

function send(frame) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
}

// --- media ---------------------------------------------------------------------------------------

async function openMedia() {
  const video = { width: { ideal: 640 }, height: { ideal: 480 } };
  try {
    localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video });
  } catch {
    try {
      localStream = await navigator.mediaDevices.getUserMedia({ audio: true });
      cameraOn = false;
      say("no_camera", notice);
    } catch {
      localStream = new MediaStream();
      cameraOn = false;
      say("no_media", notice);
    }
  }
  localVideo.srcObject = localStream;
  cameraButton.setAttribute("aria-pressed", String(!cameraOn));
  muteButton.disabled = localStream.getAudioTracks().length === 0;
}

function localTrack(kind) {
  return localStream.getTracks().find((track) => track.kind === kind) || null;
}

function sender(kind) {
  if (!pc) return null;
  const found = pc.getTransceivers().find((t) => t.receiver.track.kind === kind);
  return found ? found.sender : null;
}

function sendingVideo() {
  return cameraOn && !audioOnly ? localTrack("video") : null;
}

async function setCamera(on) {
  cameraOn = on;
  cameraButton.setAttribute("aria-pressed", String(!on));
  if (on && !localTrack("video")) {
    try {
      const fresh = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 } } });
      fresh.getVideoTracks().forEach((track) => localStream.addTrack(track));
    } catch {
      cameraOn = false;
      cameraButton.setAttribute("aria-pressed", "true");
      say("no_camera", notice);
    }
  }
  if (!cameraOn) {
    // Stop the camera itself (its light goes off), not only the picture we send.
    localStream.getVideoTracks().forEach((track) => {
      track.stop();
      localStream.removeTrack(track);
    });
  }
  localVideo.srcObject = localStream;
  await sender("video")?.replaceTrack(sendingVideo());
  send({ type: "media", camera: cameraOn, audio_only: audioOnly });
}

muteButton.addEventListener("click", () => {
  muted = !muted;
  localStream.getAudioTracks().forEach((track) => (track.enabled = !muted));
  muteButton.setAttribute("aria-pressed", String(muted));
});
cameraButton.addEventListener("click", () => setCamera(!cameraOn));
hangUpButton.addEventListener("click", () => {
  send({ type: "hang_up" });
  finish();
});

// --- the peer connection -------------------------------------------------------------------------

function closePeer() {
  clearInterval(statsTimer);
  if (pc) {
    pc.onicecandidate = pc.ontrack = pc.onconnectionstatechange = null;
    pc.close();
  }
  pc = null;
  remoteStream = new MediaStream();
  remoteVideo.srcObject = null;
  stage.dataset.connection = "new";
  delete stage.dataset.remoteVideo;
}

function newPeer(attempt) {
  closePeer();
  gen = attempt;
  pending = pending.filter(([g]) => g === attempt);
  pc = new RTCPeerConnection({ iceServers: config.iceServers });
  pc.onicecandidate = (event) => {
    if (event.candidate) send({ type: "signal", gen: attempt, candidate: event.candidate.toJSON() });
  };
  pc.ontrack = (event) => {
    remoteStream.addTrack(event.track);
    remoteVideo.srcObject = remoteStream;
    if (event.track.kind === "video") {
      const mark = () => (stage.dataset.remoteVideo = "live");
      if (event.track.muted) event.track.addEventListener("unmute", mark, { once: true });
      else mark();
    }
  };
  pc.onconnectionstatechange = () => {
    if (!pc) return;
    stage.dataset.connection = pc.connectionState;
    if (pc.connectionState === "connected") {
      say("connected");
      watchQuality();
    } else if (pc.connectionState === "disconnected") {
      say("reconnecting");
    } else if (pc.connectionState === "failed" && isOfferer) {
      offer(); // a fresh attempt: new candidates, perhaps through the TURN relay
    }
  };
  return pc;
}

async function offer() {
  const peer = newPeer(Date.now() % 1e9);
  for (const kind of ["audio", "video"]) {
    const track = kind === "video" ? sendingVideo() : localTrack("audio");
    const transceiver = peer.addTransceiver(kind, { direction: "sendrecv", streams: [localStream] });
    if (track) await transceiver.sender.replaceTrack(track);
  }
  await peer.setLocalDescription(await peer.createOffer());
  send({ type: "signal", gen, sdp: peer.localDescription.toJSON() });
}

async function answer(frame) {
  const peer = newPeer(frame.gen);
  await peer.setRemoteDescription(frame.sdp);
  for (const transceiver of peer.getTransceivers()) {
    const kind = transceiver.receiver.track.kind;
    const track = kind === "video" ? sendingVideo() : localTrack("audio");
    transceiver.direction = "sendrecv";
    if (track) await transceiver.sender.replaceTrack(track);
    transceiver.sender.setStreams?.(localStream);
  }
  await peer.setLocalDescription(await peer.createAnswer());
  send({ type: "signal", gen: frame.gen, sdp: peer.localDescription.toJSON() });
  await addPending();
}

async function addPending() {
  const ready = pending.filter(([g]) => g === gen);
  pending = pending.filter(([g]) => g !== gen);
  for (const [, candidate] of ready) await pc.addIceCandidate(candidate).catch(() => {});
}

async function onSignal(frame) {
  if (frame.sdp?.type === "offer" && !isOfferer) {
    await answer(frame);
  } else if (frame.sdp?.type === "answer" && isOfferer && pc && frame.gen === gen) {
    await pc.setRemoteDescription(frame.sdp);
    await addPending();
  } else if (frame.candidate) {
    if (pc && frame.gen === gen && pc.remoteDescription) {
      await pc.addIceCandidate(frame.candidate).catch(() => {});
    } else {
      pending.push([frame.gen, frame.candidate]);
    }
  }
}

// --- audio only when the connection is poor ------------------------------------------------------

function watchQuality() {
  clearInterval(statsTimer);
  lastVideoIn = null;
  statsTimer = setInterval(checkQuality, STATS_EVERY);
}

async function checkQuality() {
  if (!pc || pc.connectionState !== "connected") return;
  const stats = await pc.getStats();
  let rtt = 0;
  let outgoing = null;
  let videoIn = null;
  stats.forEach((report) => {
    if (report.type === "candidate-pair" && report.nominated && report.state === "succeeded") {
      rtt = report.currentRoundTripTime || 0;
      outgoing = report.availableOutgoingBitrate ?? null;
    }
    if (report.type === "inbound-rtp" && report.kind === "video") {
      videoIn = { lost: report.packetsLost || 0, received: report.packetsReceived || 0 };
    }
  });
  let loss = 0;
  if (videoIn && lastVideoIn) {
    const lost = videoIn.lost - lastVideoIn.lost;
    const total = lost + (videoIn.received - lastVideoIn.received);
    loss = total > 0 ? lost / total : 0;
  }
  lastVideoIn = videoIn;
  // Poor: half a second there and back, under ~150 kbit/s to send, or a sixth of the video lost.
  const poor = rtt > 0.5 || (outgoing !== null && outgoing < 150000) || loss > 0.15;
  poorChecks = poor ? poorChecks + 1 : 0;
  goodChecks = poor ? 0 : goodChecks + 1;
  if (!audioOnly && poorChecks >= 2) await setAudioOnly(true);
  else if (audioOnly && goodChecks >= 5) await setAudioOnly(false);
}

async function setAudioOnly(on) {
  audioOnly = on;
  await sender("video")?.replaceTrack(sendingVideo());
  say(on ? "poor" : "video_back", notice);
  send({ type: "media", camera: cameraOn, audio_only: audioOnly });
}

function onMedia(frame) {
  if (frame.audio_only) say("poor_other", notice);
  else if (frame.camera === false) say("camera_off_other", notice);
  else if (frame.camera === true) say("camera_on_other", notice);
}

// --- the signalling socket -----------------------------------------------------------------------

function onPresence(frame) {
  if (frame.ended) {
    finish();
    return;
  }
  if (frame.both) {
    say("connecting");
    if (isOfferer) offer();
  } else {
    const wasConnected = pc !== null;
    closePeer();
    say(wasConnected ? "left" : "waiting");
  }
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}${config.socket}`);
  socket.addEventListener("open", () => {
    retryDelay = 500;
    clearInterval(pingTimer);
    pingTimer = setInterval(() => send({ type: "ping" }), PING_EVERY);
  });
  socket.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data);
    if (frame.type === "presence") onPresence(frame);
    else if (frame.type === "signal") onSignal(frame).catch(() => say("reconnecting"));
    else if (frame.type === "media") onMedia(frame);
  });
  socket.addEventListener("close", (event) => {
    clearInterval(pingTimer);
    if (ended) return;
    if (CLOSE_FOR_GOOD[event.code]) {
      ended = true;
      closePeer();
      say(CLOSE_FOR_GOOD[event.code]);
      return;
    }
    say(navigator.onLine ? "reconnecting" : "offline");
    const delay = retryDelay * (0.75 + Math.random() / 2);
    retryDelay = Math.min(retryDelay * 2, 30000);
    setTimeout(connect, delay);
  });
}

function finish() {
  if (ended) return;
  ended = true;
  closePeer();
  stage.dataset.connection = "ended";
  localStream.getTracks().forEach((track) => track.stop());
  localVideo.srcObject = null;
  for (const button of [muteButton, cameraButton, hangUpButton]) button.disabled = true;
  say("ended");
  statusLine.focus?.();
  if (socket) socket.close(1000);
}

window.addEventListener("online", () => {
  if (!ended && socket && socket.readyState === WebSocket.CLOSED) connect();
});

await openMedia();
say("waiting");
connect();
